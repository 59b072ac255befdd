// The CORS view's window, built in the analysis worker: on a session with many cross-origin
// targets and one target with hundreds of requests, what is sent to the panel stays bounded (a
// view switch draws a bounded number of rows), folding and "Show" do what they say, and the
// counts are the log's. Literal CDP logs (synthetic-log.ts).
import { describe, expect, it } from 'vitest';
import { NetworkRecorder } from '../../../src/core/recorder/index.ts';
import { analyseCorsData } from '../../../src/core/analysis/cors/index.ts';
import { CorsGrouping, corsWindow, FIRST_ROWS, MAX_ROWS, OPEN_GROUPS, type CorsQuery } from '../../../panel/workers/cors-window.ts';
import { syntheticLog, type SyntheticRequest } from '../analysis/synthetic-log.ts';

// A page on page.test, then 3 fetches to each of 20 other origins, then 400 to big.test.
const requests: SyntheticRequest[] = [{ id: 'doc', url: 'https://page.test/', at: 0, conn: 1, type: 'Document' }];
let t = 10;
for (let o = 0; o < 20; o++) for (let i = 0; i < 3; i++) requests.push({ id: `o${o}-${i}`, url: `https://o${o}.test/api/${i}`, at: (t += 5), conn: 100 + o, type: 'Fetch' });
for (let i = 0; i < 400; i++) requests.push({ id: `big-${i}`, url: `https://big.test/item/${i}`, at: (t += 5), conn: 500, type: 'Fetch' });

const rec = NetworkRecorder.fromLog(syntheticLog(requests));
const data = analyseCorsData(rec.requests());
const byId = (id: string) => rec.request(id);
const q = (over: Partial<CorsQuery> = {}): CorsQuery => ({ failuresOnly: false, opened: [], folded: [], all: [], ...over });

describe('the CORS window', () => {
  it('counts every cross-origin request but sends at most the first rows of the first groups', () => {
    const w = corsWindow('s', 1, data, new CorsGrouping(), q(), byId);
    expect(w.cross).toBe(20 * 3 + 400);
    expect(w.groups).toHaveLength(21);
    const open = w.groups.filter((g) => !g.folded);
    expect(open).toHaveLength(OPEN_GROUPS);
    expect(w.groups.filter((g) => g.folded).every((g) => g.rows.length === 0)).toBe(true);
    const big = w.groups.find((g) => g.totals.origin === 'https://big.test')!;
    expect(big.rowCount).toBe(400);
    if (!big.folded) expect(big.rows).toHaveLength(FIRST_ROWS);
    const sent = w.groups.reduce((n, g) => n + g.rows.length, 0);
    expect(sent).toBeLessThanOrEqual(OPEN_GROUPS * FIRST_ROWS);
    // Each row carries what it prints, from the record.
    const first = open[0]!.rows[0]!;
    expect(first.method).toBe('GET');
    expect(first.url).toBe(rec.request(first.id)!.url);
    expect(first.index).toBe(rec.request(first.id)!.index);
  });

  it('shows all of a group up to its limit, unfolds and folds groups', () => {
    const grouping = new CorsGrouping();
    const all = corsWindow('s', 1, data, grouping, q({ all: ['https://big.test'] }), byId);
    const big = all.groups.find((g) => g.totals.origin === 'https://big.test')!;
    expect(big.folded).toBe(false);
    expect(big.rows).toHaveLength(MAX_ROWS);
    expect(big.rows.map((r) => r.url)).toEqual(Array.from({ length: MAX_ROWS }, (_, i) => `https://big.test/item/${i}`));
    const lastFolded = corsWindow('s', 1, data, grouping, q(), byId).groups.filter((g) => g.folded).at(-1)!;
    const opened = corsWindow('s', 1, data, grouping, q({ opened: [lastFolded.totals.origin] }), byId);
    expect(opened.groups.find((g) => g.totals.origin === lastFolded.totals.origin)!.rows).toHaveLength(lastFolded.rowCount);
    const firstOpen = opened.groups[0]!.totals.origin;
    const folded = corsWindow('s', 1, data, grouping, q({ folded: [firstOpen] }), byId);
    expect(folded.groups[0]!.folded).toBe(true);
    expect(folded.groups[0]!.rows).toHaveLength(0);
  });

  it('with failures only, sends no group when nothing failed', () => {
    const w = corsWindow('s', 1, data, new CorsGrouping(), q({ failuresOnly: true }), byId);
    expect(w.cross).toBe(0);
    expect(w.groups).toHaveLength(0);
  });
});
