// Assertions on stored sessions shared by the end-to-end tests (kept out of harness.ts, which the
// benchmarks import outside vitest).
import { expect } from 'vitest';
import type { StoredEvent } from '../../src/core/cdp.ts';

/** A stored session's events are exactly seq 1..n of that session, with no gap. */
export function expectGapless(events: StoredEvent[], sessionId: string): void {
  expect(events.length).toBeGreaterThan(0);
  events.forEach((e, i) => {
    expect(e.seq).toBe(i + 1);
    expect(e.sessionId).toBe(sessionId);
  });
}
