// Audits.issueAdded CORS issues (the Audits domain, enabled by the capture): what Chromium's
// DevTools Issues panel shows for a CORS or Local Network Access problem, with what the Network
// domain lacks: the initiator's origin, the request's security state (address space, secure
// context, Local Network Access policy; a refused Local Network Access request gets no ExtraInfo,
// so this is the only place it is told), whether it is only a warning, and for a request refused
// in the renderer (mode: 'same-origin' to another origin) the script location and the URL, with
// no requestId and no Network event at all (seen on Chromium 156). An issue names the request by
// its requestId, shared by every hop of a redirect chain: it goes on the newest hop. Other issue
// codes are left to the raw log.
import type { CdpParams } from '../cdp.ts';
import type { CorsIssue } from '../records.ts';
import { newestHop, type Chain } from './hop.ts';
import type { Outcome } from './outcome.ts';

/** The requestId an Audits.issueAdded CORS issue names, if any (to hold it until its request appears). */
export function issueRequestId(params: unknown): string | undefined {
  const id = (params as { issue?: { details?: { corsIssueDetails?: { request?: { requestId?: unknown } } } } } | undefined)?.issue?.details?.corsIssueDetails?.request?.requestId;
  return typeof id === 'string' ? id : undefined;
}

export class CorsIssueTracker {
  /** CORS issues that name no request (refused before any Network event), in arrival order. */
  readonly unkeyed: CorsIssue[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly findChain: (requestId: string) => Chain | undefined) {}

  issueAdded(p: CdpParams<'Audits.issueAdded'>): Outcome {
    const issue = p.issue;
    const d = issue.code === 'CorsIssue' ? issue.details?.corsIssueDetails : undefined;
    if (d === undefined || typeof d !== 'object') return 'none';
    const key = issue.issueId ?? JSON.stringify(d);
    const out: CorsIssue = { corsError: d.corsErrorStatus?.corsError, failedParameter: d.corsErrorStatus?.failedParameter ?? '', isWarning: d.isWarning === true };
    if (typeof d.initiatorOrigin === 'string') out.initiatorOrigin = d.initiatorOrigin;
    if (d.clientSecurityState) out.clientSecurityState = d.clientSecurityState;
    if (d.resourceIPAddressSpace) out.resourceIPAddressSpace = d.resourceIPAddressSpace;
    if (d.location && typeof d.location.url === 'string') out.location = { url: d.location.url, lineNumber: d.location.lineNumber, columnNumber: d.location.columnNumber };
    const requestId = d.request?.requestId;
    if (typeof requestId !== 'string') {
      if (this.seen.has(key)) return 'duplicate';
      this.seen.add(key);
      if (typeof d.request?.url === 'string') out.url = d.request.url;
      this.unkeyed.push(out);
      return 'changed';
    }
    const chain = this.findChain(requestId);
    if (chain === undefined) return 'orphan';
    if (this.seen.has(key)) return 'duplicate';
    this.seen.add(key);
    const rec = newestHop(chain).rec;
    (rec.corsIssues ??= []).push(out);
    return 'changed';
  }
}
