// The panel's state: signals and computeds (preact-devtools' store pattern), passed to views by
// context. Views are functions of the store; actions here are the only place that talks to the
// backend.
import type { InputProblems } from '../../src/core/report/input-problems.ts';
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { NetworkRequest } from '../../src/core/records.ts';
import type { SessionInfo } from '../../src/core/session.ts';
import type { BodyLimits } from '../../src/core/bodies.ts';
import type { PanelBackend } from '../backend/backend.ts';
import { SessionLoader } from './session-loader.ts';
import { EMPTY_FILTER, type RequestFilter, type SortSpec } from './requests-model.ts';
import { pacedAnalysis, type AsyncAnalysis } from './paced-analysis.ts';
import { createRecordCache, type RecordCache } from './record-cache.ts';
import type { SessionSummary } from '../workers/analysis-service.ts';
import { createRequestsTable, type RequestsTableModel } from './requests-table.ts';
import { createPoolsModel, type PoolsModel } from './pools.ts';
import { createCacheModel, type CacheModel } from './cache.ts';
import { createCorsModel, type CorsModel } from './cors.ts';
import { createWhatIfModel, type WhatIfModel } from './whatif.ts';
import { createStreamsModel, type StreamsModel } from './streams.ts';
import { createExplainModel, type ExplainModel } from './explain.ts';

export type ViewName = 'requests' | 'connections' | 'cache' | 'cors' | 'streams' | 'whatif' | 'sessions';

export interface Store {
  backend: PanelBackend;
  theme: Signal<'dark' | 'light'>;
  view: Signal<ViewName>;
  sessions: Signal<SessionInfo[]>;
  /** The session shown in the views. */
  current: Signal<SessionInfo | undefined>;
  /** The inspected tab's recording, if it is being recorded. */
  recordingHere: ReadonlySignal<SessionInfo | undefined>;
  /** Bumped whenever the recorder changed. */
  version: Signal<number>;
  loader: Signal<SessionLoader | undefined>;
  progress: Signal<{ applied: number; total: number } | undefined>;
  busy: Signal<boolean>;
  error: Signal<string | undefined>;
  notice: Signal<string | undefined>;
  filter: Signal<RequestFilter>;
  sort: Signal<SortSpec>;
  selectedId: Signal<string | undefined>;
  /** The open session's counts, span, origins and input problems (from the analysis worker). */
  summary: AsyncAnalysis<SessionSummary>;
  /** Requests in the open session, as the worker last said (0 before its first answer). */
  requestCount: ReadonlySignal<number>;
  /** The few records the panel holds (detail pane, partners, links), fetched from the worker on demand. */
  records: RecordCache;
  /** The Requests table: the rows in view after its filter and sort (from the analysis worker). */
  table: RequestsTableModel;
  origins: ReadonlySignal<string[]>;
  span: ReadonlySignal<{ start: number; end: number }>;
  selected: ReadonlySignal<NetworkRequest | undefined>;
  /** The socket-pool analysis of the session (from the analysis worker) and the Connections view's rows. */
  pools: PoolsModel;
  /** The cache analysis of the session (from the analysis worker), the Cache view's rows and Compare. */
  cache: CacheModel;
  /** The CORS analysis of the session (from the analysis worker), the CORS view's state and the `cors:` filter's tags. */
  cors: CorsModel;
  /** The What-if view's estimates (from the analysis worker). */
  whatIf: WhatIfModel;
  /** The Streams view (issue 17): channels, their figures and the message window, from the analysis worker. */
  streams: StreamsModel;
  /** The selected request's explanation (from the analysis worker). */
  explanation: ExplainModel;
  /** A long job in progress (import), shown with a progress bar and Cancel. */
  job: Signal<{ label: string; phase: string; done: number; total: number; cancel(): void } | undefined>;
  /** The session the export dialog is open for. */
  exportSessionId: Signal<string | undefined>;
  /** Record response bodies in the next recording (the switch next to Record), and their limits once read. */
  captureBodies: Signal<boolean>;
  bodyLimits: Signal<BodyLimits | undefined>;
  /** Events applied to the recorder so far. */
  appliedEvents: ReadonlySignal<number>;
  /** What the open session's log held that the recorder repaired or left out (status bar, session details). */
  inputProblems: ReadonlySignal<InputProblems | undefined>;
  actions: ReturnType<typeof makeActions>;
}

export function createStore(backend: PanelBackend): Store {
  const view = signal<ViewName>('requests');
  const sessions = signal<SessionInfo[]>([]);
  const current = signal<SessionInfo | undefined>(undefined);
  const version = signal(0);
  const loader = signal<SessionLoader | undefined>(undefined);
  const progress = signal<{ applied: number; total: number } | undefined>(undefined);
  const filter = signal<RequestFilter>(EMPTY_FILTER);
  const sort = signal<SortSpec>({ column: 'index', descending: false });
  const selectedId = signal<string | undefined>(undefined);

  const recordingHere = computed(() =>
    backend.inspectedTabId === undefined ? undefined : sessions.value.find((s) => s.state === 'recording' && s.tabId === backend.inspectedTabId),
  );
  // The session is folded only in the analysis worker: the panel asks it for what it draws.
  const summaryModel = pacedAnalysis(version, loader, (t) => backend.analysis().summary(t.sessionId, t.lastSeq));
  const summary = summaryModel.result;
  const requestCount = computed(() => summary.value?.requests ?? 0);
  const records = createRecordCache(version, loader, () => backend.analysis());
  const pools = createPoolsModel(version, loader, () => backend.analysis(), { selectedId });
  const cache = createCacheModel({ backend, version, loader });
  const cors = createCorsModel(backend, version, loader);
  const whatIf = createWhatIfModel(backend, version, loader);
  const streams = createStreamsModel(version, loader, () => backend.analysis());
  const explanation = createExplainModel(version, loader, selectedId, () => backend.analysis());
  const table = createRequestsTable(version, loader, () => backend.analysis(), filter, sort, selectedId, records);
  const NO_ORIGINS: string[] = [];
  const origins = computed(() => summary.value?.origins ?? NO_ORIGINS);
  const span = computed(() => summary.value?.span ?? { start: 0, end: 1 });
  const selected = computed(() => {
    const id = selectedId.value;
    return id === undefined ? undefined : records.request(id);
  });

  const appliedEvents = computed(() => {
    void version.value;
    return loader.value?.applied ?? 0;
  });

  const inputProblemsOf = computed(() => summary.value?.problems);

  const theme = signal(backend.theme);
  backend.onThemeChange((t) => (theme.value = t));

  const state: Omit<Store, 'actions'> = {
    backend,
    theme,
    view,
    sessions,
    current,
    recordingHere,
    version,
    inputProblems: inputProblemsOf,
    loader,
    progress,
    busy: signal(false),
    error: signal(undefined),
    notice: signal(undefined),
    filter,
    sort,
    selectedId,
    summary: summaryModel,
    requestCount,
    records,
    table,
    origins,
    span,
    selected,
    pools,
    cache,
    cors,
    whatIf,
    streams,
    explanation,
    job: signal(undefined),
    exportSessionId: signal(undefined),
    captureBodies: signal(false),
    bodyLimits: signal(undefined),
    appliedEvents,
  };
  return { ...state, actions: makeActions(state) };
}

function makeActions(store: Omit<Store, 'actions'>) {
  const { backend } = store;

  /** The one way a session leaves the views: its loader stops, the worker forgets it, the views empty. */
  const closeSession = () => {
    const loader = store.loader.peek();
    if (loader) {
      loader.close();
      void backend.analysis().close(loader.sessionId).catch(() => undefined);
    }
    if (!loader && !store.current.peek()) return;
    batch(() => {
      store.loader.value = undefined;
      store.current.value = undefined;
      store.selectedId.value = undefined;
      store.progress.value = undefined;
      store.version.value++;
    });
  };

  const openSession = async (id: string): Promise<void> => {
    closeSession();
    const info = await backend.getSession(id);
    if (!info) {
      store.error.value = 'That session no longer exists.';
      return;
    }
    const loader = new SessionLoader(backend, id, {
      changed: () => {
        if (store.loader.value === loader) store.version.value++;
      },
      progress: (applied, total) => {
        if (store.loader.value === loader) store.progress.value = { applied, total };
      },
      session: (s) => {
        if (store.loader.value === loader) store.current.value = s;
      },
      firstRowsDrawn: async () => {
        // The table's window for the first step, then the frame that draws it (at most ~300 ms in
        // all: a hidden panel draws no frames).
        const frame = () => new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 100);
          requestAnimationFrame(() => {
            clearTimeout(t);
            setTimeout(resolve, 0);
          });
        });
        await Promise.race([store.table.settled(), new Promise((resolve) => setTimeout(resolve, 200))]);
        await frame();
      },
      disconnected: () => {
        // The worker restarted: whatever it stored before going is read back; the session row
        // tells whether the recording survived.
        if (store.loader.value !== loader) return;
        void loader.catchUp().then(async () => {
          store.current.value = await backend.getSession(id);
        });
      },
    });
    batch(() => {
      store.loader.value = loader;
      store.current.value = info;
      store.selectedId.value = undefined;
      store.progress.value = { applied: 0, total: info.eventCount };
      store.version.value++;
    });
    await loader.open(info.state === 'recording');
    if (store.loader.value === loader) {
      // The analysis worker folds the session and analyses it now, so a view that asks later gets it at once.
      void backend.analysis().prepare(id).catch(() => undefined);
      store.progress.value = undefined;
      store.current.value = (await backend.getSession(id)) ?? info;
      void saveSummary(loader, id);
    }
  };

  /** Keeps the sessions list's request count and bytes current once a session is folded. */
  const saveSummary = async (loader: SessionLoader, id: string) => {
    const s = await backend.analysis().summary(id, loader.lastSeq).catch(() => undefined);
    if (!s) return;
    await backend.updateSession(id, { summary: { requests: s.requests, bytes: s.bytes, durationMs: s.requests ? s.span.end - s.span.start : 0 } }).catch(() => undefined);
  };

  /**
   * Runs an action, its error shown in words. `busy` (the toolbar's Record, Stop and Clear are
   * disabled meanwhile) is for actions that change what is recorded; opening a session, which
   * may replay for seconds, is not one: Stop must work while a recording's session opens.
   */
  const run = async (what: () => Promise<void>, options: { busy?: boolean } = {}) => {
    const busy = options.busy !== false;
    if (busy) store.busy.value = true;
    store.error.value = undefined;
    try {
      await what();
    } catch (err) {
      store.error.value = err instanceof Error ? err.message : String(err);
    } finally {
      if (busy) store.busy.value = false;
    }
  };
  const open = (id: string) => run(() => openSession(id), { busy: false });

  /** Starts recording the inspected tab (busy until the service worker said so), then opens its session. */
  const record = async () => {
    let started: string | undefined;
    await run(async () => {
      const tabId = backend.inspectedTabId;
      if (tabId === undefined) throw new Error('There is no inspected tab to record.');
      const res = await backend.control({ type: 'start', tabId, ...(store.captureBodies.value ? { options: { bodies: true } } : {}) });
      if (!res.ok) throw new Error(res.error);
      if (res.type !== 'start') return;
      store.view.value = 'requests';
      started = res.session.id;
    });
    if (started !== undefined) await open(started);
  };

  const stop = () =>
    run(async () => {
      const rec = store.recordingHere.value ?? (store.current.value?.state === 'recording' ? store.current.value : undefined);
      if (!rec) return;
      const res = await backend.control({ type: 'stop', sessionId: rec.id });
      if (!res.ok) throw new Error(res.error);
      if (res.type === 'stop' && store.current.value?.id === rec.id) store.current.value = res.session;
    });

  return {
    openSession: open,
    record,
    stop,
    /** Starts recording (or keeps the running one), then reloads the page, like DevTools' own. */
    recordAndReload: async () => {
      if (!store.recordingHere.value) await record();
      if (store.error.value) return;
      await run(() => backend.reloadInspected({ ignoreCache: false }));
    },
    /**
     * Clear, as in DevTools: while recording, the current session ends and a fresh one starts
     * on the same tab (the old one stays under Sessions); otherwise the view is emptied.
     */
    clear: async () => {
      const rec = store.recordingHere.value;
      if (!rec) {
        await run(async () => closeSession());
        return;
      }
      let stopped = false;
      await run(async () => {
        const res = await backend.control({ type: 'stop', sessionId: rec.id });
        if (!res.ok) throw new Error(res.error);
        stopped = true;
      });
      if (stopped) await record();
    },
    renameSession: (id: string, name: string) =>
      run(async () => {
        await backend.updateSession(id, { name: name.trim() || undefined });
        if (store.current.value?.id === id) store.current.value = { ...store.current.value, name: name.trim() || undefined };
      }),
    deleteSession: (id: string) =>
      run(async () => {
        const s = await backend.getSession(id);
        if (s?.state === 'recording') throw new Error('Stop the recording before deleting it.');
        await backend.deleteSession(id);
        if (store.current.value?.id === id) closeSession();
      }),
    deleteAllSessions: () =>
      run(async () => {
        const n = await backend.deleteAllSessions();
        store.notice.value = `Deleted ${n} session${n === 1 ? '' : 's'}.`;
        if (store.current.value && store.current.value.state !== 'recording') closeSession();
      }),
    /** Imports a HAR or CDP log file as a new session, then opens it. */
    importFile: (file: File) =>
      run(async () => {
        const job = backend.runJob({ type: 'import', file, fileName: file.name }, (phase, done, total) => {
          store.job.value = { label: `Importing ${file.name}`, phase, done, total, cancel: job.cancel };
        });
        store.job.value = { label: `Importing ${file.name}`, phase: 'Reading', done: 0, total: 1, cancel: job.cancel };
        try {
          const { session, notes } = await job.promise;
          store.notice.value = `Imported ${file.name}: ${notes[0] ?? ''}`;
          store.view.value = 'requests';
          await openSession(session.id);
        } catch (err) {
          if (err instanceof Error && err.name === 'AbortError') {
            store.notice.value = 'Import cancelled; nothing was stored.';
            return;
          }
          throw new Error(`Could not import ${file.name}: ${err instanceof Error ? err.message : String(err)}. Nothing was stored.`);
        } finally {
          store.job.value = undefined;
        }
      }),
    openExport: (sessionId: string) => {
      store.exportSessionId.value = sessionId;
    },
    closeExport: () => {
      store.exportSessionId.value = undefined;
    },
    select: (id: string | undefined) => {
      store.selectedId.value = id;
    },
    /** On panel start: watch the sessions list, and join the inspected tab's recording if any. */
    async init(): Promise<() => void> {
      // Start the analysis worker now, not on the first Open: its start-up is then off the open's path.
      void backend.analysis().warm().catch(() => undefined);
      const stopWatching = backend.watchSessions((list) => {
        store.sessions.value = list;
        const cur = store.current.value && list.find((s) => s.id === store.current.value!.id);
        if (cur && (cur.state !== store.current.value!.state || cur.name !== store.current.value!.name)) store.current.value = cur;
      });
      store.sessions.value = await backend.listSessions();
      const status = await backend.control({ type: 'status' });
      const here = status.ok && status.type === 'status' ? status.recordings.find((r) => r.session.tabId === backend.inspectedTabId) : undefined;
      if (here) await open(here.session.id);
      return stopWatching;
    },
  };
}

export const StoreContext = createContext<Store>(undefined as unknown as Store);
export const useStore = (): Store => useContext(StoreContext);
