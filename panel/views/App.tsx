// The panel shell: the header (Record / Stop, Record and reload, Clear, views), status and
// progress, and the current view.
import { BodiesToggle } from './body/BodiesToggle.tsx';
import { problemsSummary } from '../../src/core/report/input-problems.ts';
import { h } from 'preact';
import { useEffect } from 'preact/hooks';
import { describeEnd, sessionLabel } from '../../src/core/session.ts';
import { useStore, type ViewName } from '../store/store.ts';
import type { FunctionComponent } from 'preact';
import { RequestsView } from './RequestsView.tsx';
import { SessionsView } from './SessionsView.tsx';
import { ConnectionsView } from './ConnectionsView.tsx';
import { CacheView } from './CacheView.tsx';
import { CorsView } from './CorsView.tsx';
import { WhatIfView } from './WhatIfView.tsx';
import { StreamsView } from './StreamsView.tsx';
import { ExportDialog } from './ExportDialog.tsx';
import { useState } from 'preact/hooks';
import { ExperimentsMenu } from './experiments/ExperimentsMenu.tsx';
import { ColdWarmNote } from './experiments/ColdWarmNote.tsx';
import { describeExperiment, EMULATION_LIMITS } from '../../src/core/experiments.ts';
import './experiments/experiments.css';

const VIEWS: { id: ViewName; label: string; title: string; component: FunctionComponent }[] = [
  { id: 'requests', label: 'Requests', title: 'Every request of the session, with connection, cache source and timing', component: RequestsView },
  { id: 'connections', label: 'Connections', title: 'Socket pools per origin: every connection, its set-up cost and the requests it carried', component: ConnectionsView },
  { id: 'cache', label: 'Cache', title: 'Where every response came from and why, by the HTTP caching rules', component: CacheView },
  { id: 'cors', label: 'CORS', title: 'Cross-origin requests: preflights and why, the preflight cache, failures with their fix', component: CorsView },
  { id: 'streams', label: 'Streams', title: 'EventSource, fetch-read event streams, NDJSON and WebSocket: every message, its channel’s health, and the sockets streams hold', component: StreamsView },
  { id: 'whatif', label: 'What-if', title: 'Estimates of this load over HTTP/1.1 or HTTP/2 and at other round-trip times, with their assumptions, error bounds and critical path', component: WhatIfView },
  { id: 'sessions', label: 'Sessions', title: 'Stored recordings: open, rename, delete', component: SessionsView },
];

export function App() {
  const store = useStore();
  useEffect(() => {
    let stop: (() => void) | undefined;
    void store.actions.init().then((s) => (stop = s));
    return () => stop?.();
  }, []);
  // Follow DevTools' theme, including when the user switches it while the panel is open.
  const dark = store.theme.value === 'dark';
  useEffect(() => {
    document.documentElement.classList.toggle('theme-dark', dark);
  }, [dark]);
  // Drop a HAR or CDP log anywhere on the panel to import it.
  const [dropping, setDropping] = useState(false);
  const isFileDrag = (e: DragEvent) => Boolean(e.dataTransfer?.types.includes('Files'));
  return (
    <div
      class={`app ${dropping ? 'drop-target' : ''}`}
      onDragOver={(e) => {
        if (!isFileDrag(e)) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDropping(false);
      }}
      onDrop={(e) => {
        if (!isFileDrag(e)) return;
        e.preventDefault();
        setDropping(false);
        const file = e.dataTransfer?.files[0];
        if (file) void store.actions.importFile(file);
      }}
    >
      <Header />
      <StatusBar />
      <ColdWarmNote />
      <main class="view">{h(VIEWS.find((v) => v.id === store.view.value)?.component ?? RequestsView, {})}</main>
      {store.exportSessionId.value && <ExportDialog sessionId={store.exportSessionId.value} />}
    </div>
  );
}

function Header() {
  const store = useStore();
  const recording = store.recordingHere.value;
  const canRecord = store.backend.inspectedTabId !== undefined;
  return (
    <header class="toolbar main-toolbar" role="toolbar" aria-label="Netlens">
      {recording ? (
        <button type="button" class="record on" aria-label="Stop recording" title="Stop recording this tab (the session is kept under Sessions)" onClick={() => void store.actions.stop()} disabled={store.busy.value}>
          <span class="dot" aria-hidden="true" /> Stop
        </button>
      ) : (
        <button
          type="button"
          class="record"
          aria-label="Record"
          title="Record this tab's network activity. Recording goes on while DevTools is closed and across navigations."
          onClick={() => void store.actions.record()}
          disabled={!canRecord || store.busy.value}
        >
          <span class="dot" aria-hidden="true" /> Record
        </button>
      )}
      <ExperimentsMenu />
      <BodiesToggle />
      <button type="button" aria-label="Record and reload" title="Start recording and reload the page, to capture the load from its first request" onClick={() => void store.actions.recordAndReload()} disabled={!canRecord || store.busy.value}>
        ⟳ Record and reload
      </button>
      <button type="button" aria-label="Clear" title="Clear: while recording, start a fresh session on this tab (the old one stays under Sessions)" onClick={() => void store.actions.clear()} disabled={store.busy.value}>
        ⊘ Clear
      </button>
      <button
        type="button"
        aria-label="Export HAR"
        title="Export the open session as HAR (redacted by default)"
        disabled={!store.current.value}
        onClick={() => store.current.value && store.actions.openExport(store.current.value.id)}
      >
        ⤓ Export HAR…
      </button>
      <span class="divider" />
      <nav class="view-tabs" role="tablist" aria-label="Views">
        {VIEWS.map((v) => (
          <button key={v.id} type="button" role="tab" aria-selected={store.view.value === v.id} class={`tab ${store.view.value === v.id ? 'active' : ''}`} title={v.title} onClick={() => (store.view.value = v.id)}>
            {v.label}
          </button>
        ))}
      </nav>
    </header>
  );
}

/** What the recorder repaired or left out of this session's log: a short line, the sentences on opening it. */
function InputProblemsNote() {
  const problems = useStore().inputProblems.value;
  if (!problems || problems.lines.length === 0) return null;
  return (
    <details class="input-problems">
      <summary title="The log held events or fields Netlens could not read as they were: what it repaired or left out">⚠ {problemsSummary(problems)}</summary>
      <ul>
        {problems.lines.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
    </details>
  );
}

function StatusBar() {
  const store = useStore();
  const current = store.current.value;
  const progress = store.progress.value;
  const error = store.error.value;
  const notice = store.notice.value;
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => (store.notice.value = undefined), 3000);
    return () => clearTimeout(t);
  }, [notice]);
  return (
    <div class="status-bar">
      {current ? (
        <span class={`session-status state-${current.state}`} title={current.url}>
          {current.state === 'recording' ? '● Recording' : current.state === 'interrupted' ? '⚠ Interrupted' : 'Session'}: {sessionLabel(current)}
          {current.state !== 'recording' && <span class="muted"> · {describeEnd(current)}</span>}
          {current.experiment && (
            <span class="muted experiment-line" title={current.experiment.conditions ? EMULATION_LIMITS : undefined}>
              {' '}
              · {describeExperiment(current.experiment)}
            </span>
          )}
          <span class="muted"> · {store.appliedEvents.value.toLocaleString('en-US')} events</span>
          <InputProblemsNote />
        </span>
      ) : (
        <span class="muted">No session open.</span>
      )}
      {progress && (
        <span class="progress" role="progressbar" aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.applied} title="Replaying stored events">
          <span class="progress-fill" style={{ width: `${progress.total ? Math.min(100, (progress.applied / progress.total) * 100) : 0}%` }} />
          <span class="progress-text">
            Replaying {progress.applied.toLocaleString('en-US')} / {progress.total.toLocaleString('en-US')} events
          </span>
        </span>
      )}
      {store.job.value && (
        <span class="job-status">
          <span class="progress" role="progressbar" aria-label={store.job.value.label} aria-valuemin={0} aria-valuemax={store.job.value.total} aria-valuenow={store.job.value.done}>
            <span class="progress-fill" style={{ width: `${store.job.value.total ? Math.min(100, (store.job.value.done / store.job.value.total) * 100) : 0}%` }} />
            <span class="progress-text">
              {store.job.value.label}: {store.job.value.phase}
            </span>
          </span>
          <button type="button" class="icon-button" aria-label="Cancel" title="Cancel" onClick={() => store.job.value?.cancel()}>
            ✕
          </button>
        </span>
      )}
      {error && (
        <span class="error" role="alert">
          {error}
          <button type="button" class="icon-button" aria-label="Dismiss" onClick={() => (store.error.value = undefined)}>
            ✕
          </button>
        </span>
      )}
      {notice && (
        <span class="notice" role="status">
          {notice}
        </span>
      )}
    </div>
  );
}
