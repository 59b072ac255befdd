// The toolbar popup: record the current tab, and see and stop every recording without DevTools.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { sendControl, type RecordingStatus } from '../adapters/messaging.ts';
import { sessionLabel } from '../core/session.ts';
import './popup.css';

function Popup() {
  const [recordings, setRecordings] = useState<RecordingStatus[] | undefined>();
  const [tabId, setTabId] = useState<number | undefined>();
  const [error, setError] = useState<string | undefined>();

  const refresh = async () => {
    const res = await sendControl({ type: 'status' });
    if (res.ok && res.type === 'status') setRecordings(res.recordings);
    else if (!res.ok) setError(res.error);
  };

  useEffect(() => {
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => setTabId(tab?.id));
    void refresh();
  }, []);

  const recordingHere = recordings?.some((r) => r.session.tabId === tabId);

  const record = async () => {
    if (tabId === undefined) return;
    setError(undefined);
    const res = await sendControl({ type: 'start', tabId });
    if (!res.ok) setError(res.error);
    await refresh();
  };
  const stop = async (sessionId: string) => {
    const res = await sendControl({ type: 'stop', sessionId });
    if (!res.ok) setError(res.error);
    await refresh();
  };

  return (
    <main>
      <header>
        <strong>Netlens</strong>
        {tabId !== undefined && !recordingHere && (
          <button type="button" onClick={() => void record()} title="Record this tab's network activity; open DevTools → Netlens to see it">
            ● Record this tab
          </button>
        )}
      </header>
      {error && <p class="error" role="alert">{error}</p>}
      {recordings === undefined ? (
        <p class="muted">Loading…</p>
      ) : recordings.length === 0 ? (
        <p class="muted">No tab is being recorded.</p>
      ) : (
        <ul aria-label="Recordings">
          {recordings.map((r) => (
            <li key={r.session.id}>
              <span class="rec" aria-hidden="true">●</span>
              <span class="label" title={r.session.url}>
                {sessionLabel(r.session)}
                {r.session.tabId === tabId ? ' (this tab)' : ''}
              </span>
              <span class="count">{r.session.eventCount + r.pending} events</span>
              <button type="button" onClick={() => void stop(r.session.id)}>Stop</button>
            </li>
          ))}
        </ul>
      )}
      <p class="muted">Open DevTools → Netlens to explore recordings.</p>
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);
