// Benchmark: open a stored 100,000-request session in the real Netlens panel (headless Chromium,
// DevTools open), as a user would from the Sessions view. Measures, inside the panel frame:
// time to first rows painted, time until the whole session is replayed, time to apply a text
// filter and to jump to the middle of the list, and how many rows the DOM holds. The peer, in the
// same run and the same frame: reading the same events straight from IndexedDB with nothing else
// (the floor any replay pays). Then the main thread: the longest task (PerformanceObserver
// 'longtask' in the panel frame) during the open, the first round of view switches (analyses
// included), a second round once the analyses are done (with the time from each tab click to its
// rows painted), typing a filter one key at a time, and 100 selections with the arrow key.
// Then a live run: a fixture page that issues 20 requests a second (fetches of the fixture
// server's cacheable, revalidated and uncacheable resources) recorded from the panel's Record
// button for --live-minutes (2) with the Cache view open: the longest main-thread task, how many
// went over 50 ms, and how far the panel's count stayed behind what the server saw.
// Run: npm run build && npx tsx bench/panel-open.ts [--copies 600] [--runs 3] [--live-minutes 2] [--dist DIR]
// (--dist loads another build of the extension, e.g. the code before a change, for a comparison;
// --live-minutes 0 leaves the live run out; --runs 0 leaves the stored session out, for a live run
// in a fresh panel.)
import { startRig, openNetlensPanel, tabIdOf } from '../test/e2e/harness.ts';
import { FIXTURES } from './lib/scaled-log.ts';
import { buildStoredSession } from './lib/stored-session.ts';
import { cpu, median, nproc } from './lib/stats.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const COPIES = arg('copies', 600);
const RUNS = arg('runs', 3);
const LIVE_MINUTES = arg('live-minutes', 2);
const distAt = process.argv.indexOf('--dist');
const DIST_DIR = distAt >= 0 ? process.argv[distAt + 1] : undefined;

const rig = await startRig(DIST_DIR ? { extensionDir: DIST_DIR } : {});
try {
  const worker = await rig.worker();
  // tsx (esbuild) wraps named functions in __name(); functions sent to the browser need it there.
  const KEEP_NAMES = 'globalThis.__name = (f) => f';
  await worker.evaluate(KEEP_NAMES);
  const sessionId = `bench-${Date.now().toString(36)}`;
  const t0 = Date.now();
  // Build the session inside the extension (bench/lib/stored-session.ts: the fixtures sent once,
  // re-keyed in the worker, stored in batches of 10,000 events).
  const stored = RUNS > 0 ? await buildStoredSession(worker, sessionId, COPIES, 5000) : 0;
  const buildSeconds = (Date.now() - t0) / 1000;

  const page = await rig.newPage();
  await page.goto(rig.server.urls.http('a.test', '/?run=bench'));
  await tabIdOf(page, worker);
  const { panel } = await openNetlensPanel(page, rig.extensionId);
  await panel.evaluate(KEEP_NAMES);

  interface Figures {
    firstRows: number; replayed: number; requests: number; rowsInDom: number; filter: number; filtered: number; jump: number; floor: number; heapMB: number; connections: number; connectionsInDom: number; cache: number;
    longOpen: number; longFirstSwitches: number; longSwitches: number; longTyping: number; longSelections: number;
    switchConnections: number; switchCache: number; switchRequests: number; switchCors: number; switchStreams: number; longNewSwitches: number; corsInDom: number; typing: number; selection: number; selectionMax: number;
  }
  const results: Figures[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Start each run from an empty view, so nothing of the previous open counts as painted.
    await (await panel.waitForSelector('button[aria-label="Clear"]'))!.click();
    await panel.waitForFunction(() => !document.querySelector('.request-row') && !document.querySelector('.progress'));
    await (await panel.waitForSelector('::-p-xpath(//button[@role="tab"][normalize-space()="Sessions"])'))!.click();
    await panel.waitForSelector(`tr[data-session-id="${sessionId}"]`);
    // The measuring runs in the panel by itself (one call this long outlasts puppeteer's protocol
    // timeout on a loaded machine); this side polls for its figures and says where it is.
    await panel.evaluate((id: string) => {
      const w = window as unknown as { __bench?: unknown; __benchError?: string; __benchPhase?: string };
      w.__bench = undefined;
      w.__benchError = undefined;
      const phase = (name: string) => (w.__benchPhase = name);
      const measure = async () => {
      phase('open');
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
      const until = async (cond: () => boolean) => {
        while (!cond()) await frame();
        return performance.now();
      };
      // Every main-thread task over 50 ms from here on (the Long Tasks API).
      const tasks: { start: number; end: number }[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) tasks.push({ start: e.startTime, end: e.startTime + e.duration });
      });
      observer.observe({ type: 'longtask', buffered: false });
      const longest = (from: number, to: number) => {
        for (const e of observer.takeRecords()) tasks.push({ start: e.startTime, end: e.startTime + e.duration });
        return Math.max(0, ...tasks.filter((t) => t.end >= from && t.start <= to).map((t) => t.end - t.start));
      };
      const open = [...document.querySelectorAll<HTMLButtonElement>(`tr[data-session-id="${id}"] button`)].find((b) => b.textContent === 'Open')!;
      const start = performance.now();
      open.click();
      const firstRows = (await until(() => document.querySelectorAll('.request-row').length > 0)) - start;
      const count = () => document.querySelector('.filter-bar .count')?.textContent ?? '';
      await until(() => !document.querySelector('.progress') && document.querySelectorAll('.request-row').length > 0);
      // Replayed: the progress bar gone and the whole session's count shown, as the analysis
      // worker counts the requests it folded.
      const hook = (window as unknown as { netlensPanel: { loader: { value: { sessionId: string; lastSeq: number } }; backend: { analysis(): { summary(id: string, seq: number): Promise<{ requests: number } | undefined> } } } }).netlensPanel;
      const l = hook.loader.value;
      // (A build from before the worker had a summary: the count shown equal on both sides.)
      const n = await hook.backend.analysis().summary(l.sessionId, l.lastSeq).then((s) => s?.requests.toLocaleString('en-US'), () => undefined);
      const full = () => (n !== undefined ? count() === `${n} / ${n} requests` : /^([\d,]+) \/ \1 requests$/.test(count()));
      const replayed = (await until(() => !document.querySelector('.progress') && full())) - start;
      const openedAt = start + replayed;
      const requests = Number(/\/ ([\d,]+) requests/.exec(count())![1]!.replace(/,/g, ''));
      const rowsInDom = document.querySelectorAll('.request-row').length;

      // A text filter, as typed in the filter box.
      const input = document.querySelector<HTMLInputElement>('input.filter-text')!;
      const before = count();
      const f0 = performance.now();
      input.value = 'demo-b';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const filter = (await until(() => count() !== before)) - f0;
      const filtered = Number(/^([\d,]+) \//.exec(count())![1]!.replace(/,/g, ''));
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await until(() => count() === before);

      // Jump to the middle of the list.
      const list = document.querySelector<HTMLElement>('.virtual-list')!;
      const j0 = performance.now();
      list.scrollTop = list.scrollHeight / 2;
      const middle = Math.floor(list.scrollTop / 20) + 1;
      const jump = (await until(() => [...document.querySelectorAll('.request-row')].some((r) => Number(r.getAttribute('aria-rowindex')) === middle))) - j0;

      // The peer: the same events read from IndexedDB and parsed, and nothing else: the batch
      // rows (one per flush, JSON text; src/adapters/storage/event-rows.ts), 4 rows a round trip.
      const floor = await new Promise<number>((resolve, reject) => {
        const req = indexedDB.open('netlens');
        req.onerror = () => reject(req.error);
        req.onsuccess = async () => {
          const db = req.result;
          const p0 = performance.now();
          let after = 0;
          let events = 0;
          for (;;) {
            const rows = await new Promise<{ lastSeq: number; json: string }[]>((res, rej) => {
              const r = db.transaction('batches').objectStore('batches').getAll(IDBKeyRange.bound([id, after + 1], [id, Number.MAX_SAFE_INTEGER]), 4);
              r.onsuccess = () => res(r.result as { lastSeq: number; json: string }[]);
              r.onerror = () => rej(r.error);
            });
            for (const row of rows) events += (JSON.parse(row.json) as unknown[]).length;
            if (rows.length < 4) break;
            after = rows[rows.length - 1]!.lastSeq;
          }
          const t = performance.now() - p0;
          db.close();
          if (events === 0) reject(new Error('the peer read no events: the stored layout changed again'));
          else resolve(t);
        };
      });
      const longOpen = longest(start, openedAt);
      phase('first view switches');
      // The other views on the same session: from the tab click until their rows are painted.
      const viewTab = (name: string) => [...document.querySelectorAll<HTMLButtonElement>('nav[aria-label="Views"] button')].find((b) => b.textContent?.trim() === name)!;
      const connectionRows = () => document.querySelectorAll('.connections-view .lane, .connections-view [role="row"]').length > 0;
      const cacheRows = () => document.querySelectorAll('.cache-view [role="row"], .cache-view tr').length > 1;
      const requestRows = () => document.querySelectorAll('.requests-view .request-row').length > 0;
      const c0 = performance.now();
      viewTab('Connections').click();
      const connections = (await until(connectionRows)) - c0;
      const connectionsInDom = document.querySelectorAll('.connections-view *').length;
      const k0 = performance.now();
      viewTab('Cache').click();
      const cache = (await until(cacheRows)) - k0;
      viewTab('Requests').click();
      const firstRoundEnd = await until(requestRows);
      const longFirstSwitches = longest(c0, firstRoundEnd);

      // Again, now that the analyses are done: Requests → Connections → Cache → back.
      const switchTo = async (name: string, painted: () => boolean) => {
        const t = performance.now();
        viewTab(name).click();
        return (await until(painted)) - t;
      };
      phase('view switches once analysed');
      const s0 = performance.now();
      const switchConnections = await switchTo('Connections', connectionRows);
      const switchCache = await switchTo('Cache', cacheRows);
      const switchRequests = await switchTo('Requests', requestRows);
      const longSwitches = longest(s0, performance.now());

      phase('CORS and Streams');
      // The two newer views: a first visit (their analyses), then a second, measured.
      const corsRows = () => document.querySelectorAll('.cors-view .cors-origin, .cors-view .empty').length > 0;
      const streamRows = () => document.querySelectorAll('.streams-view .stream-channel, .empty').length > 0;
      await switchTo('CORS', corsRows);
      await switchTo('Streams', streamRows);
      await switchTo('Requests', requestRows);
      const n0 = performance.now();
      const switchCors = await switchTo('CORS', corsRows);
      const switchStreams = await switchTo('Streams', streamRows);
      await switchTo('Requests', requestRows);
      const longNewSwitches = longest(n0, performance.now());
      const corsInDom = (viewTab('CORS').click(), await until(corsRows), document.querySelectorAll('.cors-view *').length);
      await switchTo('Requests', requestRows);

      phase('typing');
      // A filter typed one key at a time (each key waits for the next frame), then cleared.
      const typed = 'demo-b';
      const t0 = performance.now();
      for (let i = 1; i <= typed.length; i++) {
        input.value = typed.slice(0, i);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await frame();
      }
      const typing = (await until(() => count() !== before)) - t0;
      const longTyping = longest(t0, performance.now());
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await until(() => count() === before);

      phase('selections');
      // 100 selections: click the first row in view, then the down arrow 99 times, each until its row is selected.
      const list2 = document.querySelector<HTMLElement>('.virtual-list')!;
      list2.scrollTop = 0;
      await until(() => document.querySelector('.request-row[aria-rowindex="1"]') !== null);
      const times: number[] = [];
      const sel0 = performance.now();
      const selected = (n: number) => () => document.querySelector(`.request-row.selected[aria-rowindex="${n}"]`) !== null;
      let t = performance.now();
      document.querySelector<HTMLElement>('.request-row[aria-rowindex="1"]')!.click();
      times.push((await until(selected(1))) - t);
      for (let n = 2; n <= 100; n++) {
        t = performance.now();
        list2.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
        times.push((await until(selected(n))) - t);
      }
      const longSelections = longest(sel0, performance.now());
      times.sort((a, b) => a - b);
      const selection = times[Math.floor(times.length / 2)]!;
      const selectionMax = times[times.length - 1]!;
      observer.disconnect();

      const heapMB = ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1e6;
      return {
        firstRows, replayed, requests, rowsInDom, filter, filtered, jump, floor, heapMB, connections, connectionsInDom, cache,
        switchCors, switchStreams, longNewSwitches, corsInDom,
        longOpen, longFirstSwitches, longSwitches, longTyping, longSelections, switchConnections, switchCache, switchRequests, typing, selection, selectionMax,
      };
      };
      measure().then(
        (r) => (w.__bench = r),
        (e: unknown) => (w.__benchError = e instanceof Error ? (e.stack ?? e.message) : String(e)),
      );
    }, sessionId);
    let lastPhase = '';
    for (;;) {
      const state = await panel.evaluate(() => {
        const w = window as unknown as { __bench?: unknown; __benchError?: string; __benchPhase?: string; netlensPanel?: { loader: { value?: { lastSeq: number } }; progress: { value?: unknown } } };
        const dbg = JSON.stringify({ seq: w.netlensPanel?.loader.value?.lastSeq, progress: w.netlensPanel?.progress.value, rows: document.querySelectorAll('.request-row').length, pending: document.querySelectorAll('.request-row-pending').length });
        return { done: w.__bench, error: w.__benchError, phase: w.__benchPhase ?? '', dbg };
      });
      if (state.error) throw new Error(`The panel's measuring failed during ${state.phase}: ${state.error}`);
      if (state.done) {
        results.push(state.done as Figures);
        break;
      }
      if (state.phase !== lastPhase) process.stderr.write(`run ${run + 1}: ${(lastPhase = state.phase)}\n`);
      if (process.env.NETLENS_BENCH_DEBUG) process.stderr.write(`  ${state.dbg}\n`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  const m = (k: keyof Figures) => median(results.map((r) => r[k]));
  if (RUNS > 0) {
  const f = (ms: number) => `${ms.toFixed(0)} ms`;
  console.log(`# Panel: open a stored ${results[0]!.requests.toLocaleString('en-US')}-request session — ${new Date().toISOString()}`);
  console.log(`machine: ${nproc} cores, ${cpu}, node ${process.version}, ${await rig.browser.version()}`);
  console.log(`command: npx tsx bench/panel-open.ts --copies ${COPIES} --runs ${RUNS}${DIST_DIR ? ` --dist ${DIST_DIR}` : ''}`);
  console.log(`session: ${stored.toLocaleString('en-US')} events (${FIXTURES.join(', ')} × ${COPIES}, re-keyed), built in the worker in ${buildSeconds.toFixed(1)} s; median of ${RUNS} opens\n`);
  console.log('| measure | median | runs |');
  console.log('| --- | ---: | --- |');
  const line = (label: string, k: keyof Figures, fmt = f) => console.log(`| ${label} | ${fmt(m(k))} | ${results.map((r) => fmt(r[k])).join(', ')} |`);
  line('first rows painted (click Open → rows in the DOM)', 'firstRows');
  line('whole session replayed (progress gone, full count shown)', 'replayed');
  line('peer: the same events read from IndexedDB and parsed, nothing else', 'floor');
  line('text filter "demo-b" applied', 'filter');
  line('jump to the middle of the list', 'jump');
  line('rows in the DOM', 'rowsInDom', (n) => String(n));
  line('Connections view painted (tab click → lanes; analysis included)', 'connections');
  line('elements in the Connections view', 'connectionsInDom', (n) => String(n));
  line('Cache view painted (tab click → rows; analysis included)', 'cache');
  line('requests shown after the filter', 'filtered', (n) => n.toLocaleString('en-US'));
  line('JS heap after opening (MB)', 'heapMB', (n) => n.toFixed(0));
  line('longest main-thread task: open (click → replayed)', 'longOpen');
  line('longest main-thread task: first view switches (analyses included)', 'longFirstSwitches');
  line('longest main-thread task: view switches once analysed', 'longSwitches');
  line('longest main-thread task: CORS → Streams → Requests once analysed', 'longNewSwitches');
  line('longest main-thread task: typing "demo-b" key by key', 'longTyping');
  line('longest main-thread task: 100 selections', 'longSelections');
  line('tab click → rows painted, analysed: Connections', 'switchConnections');
  line('tab click → rows painted, analysed: Cache', 'switchCache');
  line('tab click → rows painted, analysed: Requests', 'switchRequests');
  line('tab click → rows painted, analysed: CORS', 'switchCors');
  line('tab click → rows painted, analysed: Streams', 'switchStreams');
  line('elements in the CORS view', 'corsInDom', (n) => String(n));
  line('typing "demo-b" key by key → filtered count shown', 'typing');
  line('one selection → its row selected (median of 100)', 'selection');
  line('one selection → its row selected (slowest of 100)', 'selectionMax');
  console.log(`\nratio: whole replay / IndexedDB read alone = ${(m('replayed') / m('floor')).toFixed(2)}×; first rows after ${((m('firstRows') / m('replayed')) * 100).toFixed(1)}% of the replay`);
  }

  if (LIVE_MINUTES > 0) {
    // The live run: record the tab from the panel while the page issues 20 requests a second.
    await (await panel.waitForSelector('button[aria-label="Clear"]'))!.click();
    await panel.waitForFunction(() => !document.querySelector('.request-row') && !document.querySelector('.progress'));
    const run = rig.newRun('live');
    await page.goto(rig.server.urls.http('a.test', `/?run=${run}`));
    await (await panel.waitForSelector('button[aria-label="Record"]'))!.click();
    await panel.waitForSelector('button[aria-label="Stop recording"]');
    await (await panel.waitForSelector('::-p-xpath(//nav[@aria-label="Views"]//button[normalize-space()="Cache"])'))!.click();
    await panel.evaluate(() => {
      const w = window as unknown as { __live: { tasks: number[]; observer: PerformanceObserver } };
      const tasks: number[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) tasks.push(e.duration);
      });
      observer.observe({ type: 'longtask', buffered: false });
      w.__live = { tasks, observer };
    });
    // 20 requests a second over 200 URLs: max-age (disk cache after the first), no-cache with an
    // ETag (304s), no-store (the network every time).
    await page.evaluate((run: string) => {
      let i = 0;
      const kinds = ['cc=max-age%3D600&etag=1', 'cc=no-cache&etag=1', 'cc=no-store'];
      (window as unknown as { __timer: unknown }).__timer = setInterval(() => {
        i++;
        void fetch(`/res/live-${i % 200}.txt?${kinds[i % 3]}&run=${run}`).then((r) => r.text()).catch(() => undefined);
      }, 50);
    }, run);
    const liveStart = Date.now();
    const lags: number[] = [];
    const panelCount = async () => Number(/\/ ([\d,]+) URLs/.exec((await panel.$eval('.cache-view .count', (e) => e.textContent ?? '').catch(() => '')) ?? '')?.[1]?.replace(/,/g, '') ?? 0);
    while (Date.now() - liveStart < LIVE_MINUTES * 60_000) {
      await new Promise((r) => setTimeout(r, 10_000));
      // URLs the Cache view lists against the distinct URLs the server was asked for so far.
      const served = new Set(rig.server.log.requestsMatching(run).map((r) => r.url)).size;
      lags.push(served - (await panelCount()));
    }
    await page.evaluate(() => clearInterval((window as unknown as { __timer: ReturnType<typeof setInterval> }).__timer));
    const serverRequests = rig.server.log.requestsMatching(run).length;
    const liveTasks = await panel.evaluate(() => {
      const w = window as unknown as { __live: { tasks: number[]; observer: PerformanceObserver } };
      for (const e of w.__live.observer.takeRecords()) w.__live.tasks.push(e.duration);
      w.__live.observer.disconnect();
      return w.__live.tasks;
    });
    await (await panel.waitForSelector('button[aria-label="Stop recording"]'))!.click();
    const longest = Math.max(0, ...liveTasks);
    const total = liveTasks.reduce((x, y) => x + y, 0);
    console.log(`\n## Live: a page issuing 20 requests a second, recorded for ${LIVE_MINUTES} min with the Cache view open — ${new Date().toISOString()}`);
    console.log(`machine: ${nproc} cores, ${cpu}, node ${process.version}, ${await rig.browser.version()}; ${RUNS > 0 ? 'after the stored-session runs, in the same panel' : 'in a fresh panel'}`);
    console.log('| measure | value |');
    console.log('| --- | ---: |');
    console.log(`| requests the server saw | ${serverRequests.toLocaleString('en-US')} |`);
    console.log(`| longest main-thread task | ${longest.toFixed(0)} ms |`);
    console.log(`| main-thread tasks over 50 ms | ${liveTasks.length} (${total.toFixed(0)} ms in all) |`);
    console.log(`| Cache view behind the server, URLs, every 10 s | ${lags.join(', ')} |`);
  }
} finally {
  await rig.close();
}
