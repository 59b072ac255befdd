// The panel's backend inside DevTools: devtools.inspectedWindow for the tab, the control API and
// the live port through the messaging adapter, IndexedDB through the storage adapter.
import browser from 'webextension-polyfill';
import { liveQuery } from 'dexie';
import { connectLive, sendControl } from '../../src/adapters/messaging.ts';
import { openDb } from '../../src/adapters/storage/db.ts';
import { SessionStore } from '../../src/adapters/storage/sessions.ts';
import type { PanelBackend, RedactionSettings } from './backend.ts';
import type { Job, JobMessage, JobRequest } from '../jobs/jobs.ts';
import * as Comlink from 'comlink';
import type { AnalysisService } from '../workers/analysis-service.ts';

const SETTINGS_KEY = 'netlens.redaction';

/** The jobs worker, started on first use. */
function jobsWorker(): { run(request: JobRequest, onMessage: (m: JobMessage) => void): void; cancel(id: number): void } {
  let worker: Worker | undefined;
  const listeners = new Map<number, (m: JobMessage) => void>();
  const start = () => {
    worker ??= new Worker(new URL('../workers/jobs-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<JobMessage>) => listeners.get(e.data.id)?.(e.data);
    return worker;
  };
  return {
    run(request, onMessage) {
      listeners.set(request.id, (m) => {
        if (m.type !== 'progress') listeners.delete(request.id);
        onMessage(m);
      });
      start().postMessage(request);
    },
    cancel(id) {
      worker?.postMessage({ type: 'cancel', id } satisfies JobRequest);
    },
  };
}

/** The analysis worker, started on first use; comlink turns its service into async calls. */
function analysisWorker(): () => AnalysisService {
  let service: AnalysisService | undefined;
  return () => (service ??= Comlink.wrap<AnalysisService>(new Worker(new URL('../workers/analysis-worker.ts', import.meta.url), { type: 'module' })) as unknown as AnalysisService);
}

export function extensionBackend(): PanelBackend {
  const store = new SessionStore(openDb());
  const devtools = browser.devtools;
  const jobs = jobsWorker();
  const analysis = analysisWorker();
  let nextJob = 1;
  return {
    analysis,
    inspectedTabId: devtools?.inspectedWindow.tabId,
    theme: devtools?.panels.themeName === 'dark' ? 'dark' : 'light',
    onThemeChange(listener) {
      // The polyfill's onThemeChanged is Firefox's; Chrome has setThemeChangeHandler.
      chrome.devtools?.panels?.setThemeChangeHandler?.((theme) => listener(theme === 'dark' ? 'dark' : 'light'));
    },
    control: sendControl,
    subscribe(sessionId, onMessage, onClosed) {
      const port = connectLive();
      port.onMessage(onMessage);
      port.onDisconnect(onClosed);
      if (sessionId) port.post({ type: 'subscribe', sessionId });
      return { close: () => port.disconnect() };
    },
    listSessions: () => store.list(),
    watchSessions(onChange) {
      // liveQuery only on the small sessions table, never on events.
      const sub = liveQuery(() => store.list()).subscribe({ next: onChange, error: () => undefined });
      return () => sub.unsubscribe();
    },
    getSession: (id) => store.get(id),
    eventPages: (id, fromSeq, pageSize) => store.pages(id, pageSize, fromSeq),
    eventRange: (id, fromSeq, toSeq) => store.events(id, fromSeq, toSeq),
    body: (id, requestId) => store.body(id, requestId),
    updateSession: (id, changes) => store.update(id, changes),
    deleteSession: (id) => store.delete(id),
    deleteAllSessions: () => store.deleteAllEnded(),
    async reloadInspected({ ignoreCache }) {
      await devtools.inspectedWindow.reload({ ignoreCache });
    },
    runJob(input, onProgress) {
      const id = nextJob++;
      let settle: { resolve(v: never): void; reject(e: Error): void };
      const promise = new Promise<never>((resolve, reject) => (settle = { resolve, reject }));
      jobs.run({ ...input, id } as JobRequest, (m) => {
        if (m.type === 'progress') onProgress(m.phase, m.done, m.total);
        else if (m.type === 'done') settle.resolve(m.result as never);
        else settle.reject(Object.assign(new Error(m.message), { name: m.cancelled ? 'AbortError' : 'Error' }));
      });
      return { promise, cancel: () => jobs.cancel(id) } as Job<never>;
    },
    download(blob, fileName) {
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.append(a);
      a.click();
      a.remove();
      // Give the download a moment to take the blob before letting it go.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    async redactionSettings() {
      const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] as Partial<RedactionSettings> | undefined;
      return { extraHeaders: stored?.extraHeaders ?? [], extraParams: stored?.extraParams ?? [] };
    },
    async saveRedactionSettings(settings) {
      await browser.storage.local.set({ [SETTINGS_KEY]: settings });
    },
    async copyText(text) {
      try {
        await navigator.clipboard.writeText(text);
      } catch {
        // DevTools panels are iframes that may not hold clipboard focus: fall back to a selection.
        const area = document.createElement('textarea');
        area.value = text;
        area.style.position = 'fixed';
        area.style.opacity = '0';
        document.body.append(area);
        area.select();
        document.execCommand('copy');
        area.remove();
      }
    },
  };
}
