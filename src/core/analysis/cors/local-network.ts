// Local Network Access (a page reaching a more private address space: public → private or
// loopback, private → loopback), from the request's policy fields: the page's space, whether it is
// a secure context and the policy Chromium applied (requestWillBeSentExtraInfo.clientSecurityState,
// or the Audits CORS issue's, since a refused request gets no ExtraInfo), and the space of the
// address it reached (responseReceivedExtraInfo.resourceIPAddressSpace). Seen on Chromium 156: a
// secure public page reaching 127.0.0.1 has the policy PermissionBlock, and goes through once
// the permission is granted; Chromium still adds a LocalNetworkAccessPermissionDenied issue then.
import type { Protocol } from '../../cdp.ts';
import type { NetworkRequest } from '../../records.ts';

type Space = Protocol.Network.IPAddressSpace;
const RANK: Partial<Record<Space, number>> = { Public: 0, Local: 1, Loopback: 2 };
const LNA_ERRORS = new Set(['LocalNetworkAccessPermissionDenied', 'InsecureLocalNetwork', 'InvalidLocalNetworkAccess']);

export interface LocalNetworkVerdict {
  initiatorSpace: Space;
  secureContext: boolean;
  policy: Protocol.Network.LocalNetworkAccessRequestPolicy;
  /** The space of the address reached (unknown when the request was refused before it was sent). */
  targetSpace?: Space;
  outcome: 'allowed' | 'refused' | 'unfinished';
  /** Where the policy came from. */
  from: 'extra-info' | 'issue';
  /** Chromium filed an Audits issue for it although the request went through (not a warning). */
  issueDespiteSuccess?: string;
}

/** The Local Network Access verdict of a hop, or undefined when it is no local-network request. */
export function localNetworkOf(r: NetworkRequest): LocalNetworkVerdict | undefined {
  const issue = r.corsIssues?.find((i) => i.clientSecurityState !== undefined);
  const css = r.clientSecurityState ?? issue?.clientSecurityState;
  if (css === undefined) return undefined;
  const target = r.resourceIPAddressSpace ?? issue?.resourceIPAddressSpace;
  const lnaError = r.failure?.corsError !== undefined && LNA_ERRORS.has(r.failure.corsError.corsError);
  const from = RANK[css.initiatorIPAddressSpace];
  const to = target !== undefined ? RANK[target] : undefined;
  const morePrivate = from !== undefined && to !== undefined && to > from;
  if (!morePrivate && !lnaError) return undefined;
  const v: LocalNetworkVerdict = {
    initiatorSpace: css.initiatorIPAddressSpace,
    secureContext: css.initiatorIsSecureContext,
    policy: css.localNetworkAccessRequestPolicy,
    outcome: r.failure ? 'refused' : r.status !== undefined ? 'allowed' : 'unfinished',
    from: r.clientSecurityState ? 'extra-info' : 'issue',
  };
  if (target !== undefined) v.targetSpace = target;
  const loud = r.corsIssues?.find((i) => !i.isWarning && i.corsError !== undefined && LNA_ERRORS.has(i.corsError));
  if (v.outcome === 'allowed' && loud?.corsError) v.issueDespiteSuccess = loud.corsError;
  return v;
}

const SPACE_WORDS: Record<Space, string> = { Public: 'public', Local: 'private (local network)', Loopback: 'loopback', Unknown: 'unknown' };
const article = (w: string) => (/^[aeiou]/.test(w) ? 'an' : 'a');

const POLICY_WORDS: Record<Protocol.Network.LocalNetworkAccessRequestPolicy, string> = {
  Allow: 'Allow (no Local Network Access restriction applied to it)',
  BlockFromInsecureToMorePrivate: 'BlockFromInsecureToMorePrivate (a page that is not a secure context may not reach a more private address)',
  WarnFromInsecureToMorePrivate: 'WarnFromInsecureToMorePrivate (a page that is not a secure context reaching a more private address is only warned about)',
  PermissionBlock: 'PermissionBlock (refused unless the page has the Local Network Access permission)',
  PermissionWarn: 'PermissionWarn (without the Local Network Access permission it is only warned about)',
};

/** Why Chromium let an allowed local-network request through, by its policy. */
function becauseAllowed(v: LocalNetworkVerdict): string {
  switch (v.policy) {
    case 'PermissionBlock':
      return 'the page has the Local Network Access permission (its policy was PermissionBlock: refused without it)';
    case 'PermissionWarn':
      return 'its policy was PermissionWarn: without the Local Network Access permission Chromium only warns';
    case 'WarnFromInsecureToMorePrivate':
      return 'its policy was WarnFromInsecureToMorePrivate: Chromium only warns when a page that is not a secure context reaches a more private address';
    case 'Allow':
      return 'its policy was Allow: no Local Network Access restriction applied to it';
    default:
      return `its policy was ${String(v.policy)}`;
  }
}

/** One sentence on the Local Network Access side of a request. */
export function localNetworkSentence(v: LocalNetworkVerdict, r: NetworkRequest): string {
  const page = `${article(SPACE_WORDS[v.initiatorSpace])} ${SPACE_WORDS[v.initiatorSpace]}${v.secureContext ? ' secure' : ''} page${v.secureContext ? '' : ' (not a secure context)'}`;
  const where = v.targetSpace ? `${article(SPACE_WORDS[v.targetSpace])} ${SPACE_WORDS[v.targetSpace]} address` : 'a more private address';
  const addr = r.remoteIPAddress ? ` (${r.remoteIPAddress.includes(':') ? `[${r.remoteIPAddress}]` : r.remoteIPAddress}${r.remotePort !== undefined ? `:${r.remotePort}` : ''})` : '';
  const src = v.from === 'issue' ? ' (the policy as Chromium’s Audits issue gave it: a refused request gets no ExtraInfo)' : '';
  if (v.outcome === 'allowed') {
    const extra = v.issueDespiteSuccess ? ` Chromium still filed a ${v.issueDespiteSuccess} issue for it, although the request went through.` : '';
    return `Local Network Access: ${page} reached ${where}${addr}; Chromium allowed it because ${becauseAllowed(v)}.${extra}`;
  }
  if (v.outcome === 'refused') return `Local Network Access: ${page} asked for ${where}; its policy was ${POLICY_WORDS[v.policy] ?? String(v.policy)}${src}, and Chromium refused it.`;
  return `Local Network Access: ${page} asked for ${where}${addr}; its policy was ${POLICY_WORDS[v.policy] ?? String(v.policy)}${src}.`;
}
