// Child targets (out-of-process iframes, workers) that auto-attach hands the recorder: their
// events come with the child's CDP session id.
import type { Protocol } from '../cdp.ts';
import type { TargetRecord } from '../records.ts';
import type { Outcome } from './outcome.ts';

export class TargetTracker {
  readonly list: TargetRecord[] = [];
  private readonly bySession = new Map<string, TargetRecord>();
  /** The newest record of each target (a target attached again gets a new session and record). */
  private readonly byTargetId = new Map<string, TargetRecord>();
  /** The last targetInfoChanged of each target, as sent, to tell a repeat from a change. */
  private readonly lastInfo = new Map<string, string>();
  /** Child session → the session it was attached from (undefined = the tab). */
  private readonly parents = new Map<string, string | undefined>();

  /** `parent` is the session the event came on; `at` the protocol clock (the event has no time). */
  attachedToTarget(params: Protocol.Target.AttachedToTargetEvent, parent: string | undefined, at: number): Outcome {
    if (this.bySession.has(params.sessionId)) return 'duplicate';
    const info = params.targetInfo;
    const rec: TargetRecord = { sessionId: params.sessionId, targetId: info.targetId, type: info.type, url: info.url, attachedAt: at, detached: false };
    this.list.push(rec);
    this.bySession.set(params.sessionId, rec);
    this.byTargetId.set(info.targetId, rec);
    this.parents.set(params.sessionId, parent);
    return 'changed';
  }

  detachedFromTarget(params: Protocol.Target.DetachedFromTargetEvent): Outcome {
    const rec = this.bySession.get(params.sessionId);
    if (rec === undefined) return 'orphan';
    if (rec.detached) return 'duplicate';
    rec.detached = true;
    return 'changed';
  }

  targetInfoChanged(params: Protocol.Target.TargetInfoChangedEvent): Outcome {
    const info = params.targetInfo;
    // Chromium sends this for changes the record does not keep (title, attached, …), so "nothing
    // to change" is not a repeat; the very same info again is.
    const sent = JSON.stringify(info);
    if (this.lastInfo.get(info.targetId) === sent) return 'duplicate';
    this.lastInfo.set(info.targetId, sent);
    const rec = this.byTargetId.get(info.targetId);
    if (rec === undefined || rec.detached || rec.url === info.url) return 'none';
    rec.url = info.url;
    return 'changed';
  }

  /** The session a child session was attached from; undefined for the tab or an unknown session. */
  parentOf(session: string): string | undefined {
    return this.parents.get(session);
  }

  has(session: string): boolean {
    return this.bySession.has(session);
  }
}
