// The recorder's one clock: the protocol's monotonic time seen on each CDP session, and the wall
// clock's offset from it. Every handler and tracker dates through it, so an undated event (a
// WebSocket created, a navigation committed, a target attached) and a wall time missing from an
// event are read the same way everywhere.
//
// CDP keeps the events of one session in order but not across sessions, so an undated event reads
// the clock of its own session: however the events of other sessions interleave with it, its time
// is the same.

export class RecorderClock {
  /** The latest protocol time seen on each session (ms; '' is the tab). */
  private readonly sessions = new Map<string, number>();
  /** Wall clock minus protocol clock (ms), from the latest event that carried both. */
  private wallOffset: number | undefined;

  /** `parentOf` names the session a child session was attached from (undefined for the tab). */
  constructor(private readonly parentOf: (session: string) => string | undefined) {}

  /** A dated event came on `target`: its session's clock moves forward to `ms`. */
  tick(ms: number, target: string | undefined): void {
    const key = target ?? '';
    const clock = this.sessions.get(key);
    if (clock === undefined || ms > clock) this.sessions.set(key, ms);
  }

  /**
   * "Now" on a session for an undated event: its latest protocol time, or its parent's when
   * nothing dated has come on it yet (a child's first event), else 0.
   */
  now(target: string | undefined): number {
    let session = target;
    // Bounded: a malformed log could attach a session to itself.
    for (let depth = 0; depth < 16; depth++) {
      const clock = this.sessions.get(session ?? '');
      if (clock !== undefined) return clock;
      if (session === undefined) return 0;
      session = this.parentOf(session);
    }
    return 0;
  }

  /** The wall time of an event at protocol time `ms` (ms) that may carry its own (`wallTime`, seconds), which then resets the offset. */
  wallOf(ms: number, wallTime: number | undefined): number {
    if (wallTime === undefined) return this.wallAt(ms);
    const wall = wallTime * 1000;
    this.wallOffset = wall - ms;
    return wall;
  }

  /** Wall time for a protocol time; 0 when no event has told the offset yet. */
  wallAt(ms: number): number {
    return this.wallOffset === undefined ? 0 : ms + this.wallOffset;
  }

  /** Wall time for a protocol time, or undefined when no event has told the offset yet. */
  wallIfKnown(ms: number): number | undefined {
    return this.wallOffset === undefined ? undefined : ms + this.wallOffset;
  }
}
