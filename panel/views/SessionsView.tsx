// Stored sessions: open, rename, delete, delete all; how each ended, in words.
import { useState } from 'preact/hooks';
import { describeEnd, sessionLabel, type SessionInfo } from '../../src/core/session.ts';
import { describeExperiment, EMULATION_LIMITS } from '../../src/core/experiments.ts';
import { useStore } from '../store/store.ts';
import { formatBytes, formatDuration } from '../../src/core/format/index.ts';
import { RetentionSettings } from './RetentionSettings.tsx';
import { bodiesSentence, bodiesSetting } from './body/bodies-line.ts';

export function SessionsView() {
  const store = useStore();
  const sessions = store.sessions.value;
  const [renaming, setRenaming] = useState<string | undefined>();
  const [confirmAll, setConfirmAll] = useState(false);
  return (
    <section class="sessions-view" aria-label="Sessions">
      <div class="toolbar">
        <span class="count">
          {sessions.length} stored session{sessions.length === 1 ? '' : 's'}
        </span>
        <label class="file-button" title="Import a HAR file (Chrome, Firefox, chrome-har, Netlens) or a raw CDP event log (JSON array, JSON Lines, ChromeDriver perflog). You can also drop a file anywhere on the panel.">
          ⤒ Import HAR or CDP log…
          <input
            type="file"
            accept=".har,.json,.jsonl,.log,application/json"
            aria-label="Import a HAR or CDP log file"
            onChange={(e) => {
              const input = e.currentTarget as HTMLInputElement;
              const file = input.files?.[0];
              if (file) void store.actions.importFile(file);
              input.value = '';
            }}
          />
        </label>
        <span class="spacer" />
        {confirmAll ? (
          <>
            <span>Delete every stopped session and its events?</span>
            <button type="button" class="danger" onClick={() => void store.actions.deleteAllSessions().then(() => setConfirmAll(false))}>
              Delete all
            </button>
            <button type="button" onClick={() => setConfirmAll(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" disabled={sessions.length === 0} title="Delete every session that is not recording" onClick={() => setConfirmAll(true)}>
            Delete all…
          </button>
        )}
      </div>
      <RetentionSettings />
      {sessions.length === 0 ? (
        <p class="empty">No sessions yet. Record a tab to create one.</p>
      ) : (
        <table class="sessions-table">
          <thead>
            <tr>
              <th scope="col">Session</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
              <th scope="col" class="num" title="Requests (known once the session has been opened)">Requests</th>
              <th scope="col" class="num">Transferred</th>
              <th scope="col" class="num" title="Raw protocol events stored">Events</th>
              <th scope="col" class="num" title="What the session takes in storage (its event rows and bodies, before IndexedDB's compression); counted by the retention limit">Stored</th>
              <th scope="col">State</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <SessionRow key={s.id} session={s} renaming={renaming === s.id} onRename={(on) => setRenaming(on ? s.id : undefined)} />
            ))}
          </tbody>
        </table>
      )}
      <OpenSessionDetails />
    </section>
  );
}

/** The open session's details: how it ended, and what its log held that could not be read as it was. */
function OpenSessionDetails() {
  const store = useStore();
  const current = store.current.value;
  const problems = store.inputProblems.value;
  if (!current) return null;
  return (
    <section class="session-details" aria-label="Details of the open session">
      <h3>{sessionLabel(current)}</h3>
      <p>
        {describeEnd(current)} · {store.appliedEvents.value.toLocaleString('en-US')} events read
      </p>
      {current.experiment && <p>Made under: {describeExperiment(current.experiment)}.{current.experiment.conditions ? ` ${EMULATION_LIMITS}` : ''}</p>}
      {bodiesSentence(current) && <p class="bodies-line">{bodiesSentence(current)}</p>}
      {problems && problems.lines.length > 0 ? (
        <>
          <p>Problems in its log (repaired or left out; the views show the rest):</p>
          <ul class="input-problem-list">
            {problems.lines.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </>
      ) : (
        <p class="muted">Every event was read as it was.</p>
      )}
    </section>
  );
}

function SessionRow({ session: s, renaming, onRename }: { session: SessionInfo; renaming: boolean; onRename(on: boolean): void }) {
  const store = useStore();
  const current = store.current.value?.id === s.id;
  const ended = s.endedAt ?? (s.state === 'recording' ? Date.now() : undefined);
  const finishRename = (value: string) => {
    void store.actions.renameSession(s.id, value);
    onRename(false);
  };
  return (
    <tr class={`${current ? 'current' : ''} state-${s.state}`} data-session-id={s.id}>
      <td class="session-name" title={s.url}>
        {renaming ? (
          <input
            type="text"
            aria-label="Session name"
            value={s.name ?? ''}
            placeholder={s.title || s.url}
            ref={(el) => el?.focus()}
            onKeyDown={(e) => {
              if (e.key === 'Enter') finishRename((e.currentTarget as HTMLInputElement).value);
              if (e.key === 'Escape') onRename(false);
            }}
            onBlur={(e) => finishRename((e.currentTarget as HTMLInputElement).value)}
          />
        ) : (
          <>
            <span class="name">{sessionLabel(s)}</span>
            {s.name && <span class="muted"> {s.url}</span>}
            {s.experiment && <div class="muted experiment-line">{describeExperiment(s.experiment)}</div>}
            {bodiesSetting(s) && <div class="muted bodies-line">{bodiesSetting(s)}</div>}
          </>
        )}
      </td>
      <td>{new Date(s.startedAt).toLocaleString()}</td>
      <td>{ended !== undefined ? formatDuration(ended - s.startedAt) : ''}</td>
      <td class="num">{s.summary ? s.summary.requests.toLocaleString('en-US') : ''}</td>
      <td class="num">{s.summary ? formatBytes(s.summary.bytes) : ''}</td>
      <td class="num">{s.eventCount.toLocaleString('en-US')}</td>
      <td class="num">{s.storedBytes === undefined ? '' : formatBytes(s.storedBytes)}</td>
      <td class={`state state-${s.state}`} title={describeEnd(s)}>
        {s.state === 'recording' ? '● Recording' : s.state === 'interrupted' ? `⚠ Interrupted: ${describeEnd(s)}` : s.state === 'imported' ? `Imported (${s.source === 'har' ? 'HAR' : 'CDP log'})` : describeEnd(s)}
      </td>
      <td class="actions">
        <button
          type="button"
          onClick={() => {
            // Show the Requests view at once: rows appear while a large session replays.
            store.view.value = 'requests';
            void store.actions.openSession(s.id);
          }}
          title="Replay this session into the views"
        >
          Open
        </button>
        <button type="button" onClick={() => onRename(true)}>
          Rename
        </button>
        <button type="button" title="Export this session as HAR (redacted by default)" onClick={() => store.actions.openExport(s.id)}>
          Export…
        </button>
        <button type="button" class="danger" disabled={s.state === 'recording'} title={s.state === 'recording' ? 'Stop the recording first' : 'Delete this session and its events'} onClick={() => void store.actions.deleteSession(s.id)}>
          Delete
        </button>
      </td>
    </tr>
  );
}
