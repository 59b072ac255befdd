// The HAR export dialog: a preview of what redaction will remove (counts by kind, examples that
// name places but never values), the user's extra names, the strict level (also drops bodies,
// WebSocket/SSE payloads and query values), the redacted export as the default action, and the
// unredacted export as an explicit second choice behind a warning. The preview runs the same
// pass with the same options as the export, so its counts are the file's. Progress and Cancel
// while it runs.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RedactionKind, RedactionLevel, RedactionReport } from '../../src/core/redact/redact-har.ts';
import { KIND_WORDS } from '../../src/core/redact/redact-har.ts';
import { sessionLabel } from '../../src/core/session.ts';
import { NETLENS_CREATOR } from '../../src/core/version.ts';
import { useStore } from '../store/store.ts';
import type { Job } from '../jobs/jobs.ts';

const CREATOR = { ...NETLENS_CREATOR };

type Phase =
  | { kind: 'preview'; done: number; total: number }
  | { kind: 'ready'; report: RedactionReport }
  | { kind: 'confirm-unredacted'; report: RedactionReport }
  | { kind: 'exporting'; redacted: boolean; phase: string; done: number; total: number }
  | { kind: 'error'; message: string };

const split = (text: string) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

export function ExportDialog({ sessionId }: { sessionId: string }) {
  const store = useStore();
  const session = store.sessions.value.find((s) => s.id === sessionId) ?? (store.current.value?.id === sessionId ? store.current.value : undefined);
  const [phase, setPhase] = useState<Phase>({ kind: 'preview', done: 0, total: 0 });
  const [headers, setHeaders] = useState('');
  const [params, setParams] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [level, setLevel] = useState<RedactionLevel>('default');
  const job = useRef<Job<unknown> | undefined>(undefined);
  const dialog = useRef<HTMLDivElement>(null);

  const preview = (extraHeaders: string[], extraParams: string[], chosen: RedactionLevel = level) => {
    job.current?.cancel();
    setPhase({ kind: 'preview', done: 0, total: 0 });
    const j = store.backend.runJob({ type: 'preview', req: { sessionId, redact: { extraHeaders, extraParams, level: chosen }, creator: CREATOR } }, (_p, done, total) =>
      setPhase((cur) => (cur.kind === 'preview' ? { kind: 'preview', done, total } : cur)),
    );
    job.current = j;
    j.promise.then(
      (report) => job.current === j && setPhase({ kind: 'ready', report }),
      (err: Error) => job.current === j && err.name !== 'AbortError' && setPhase({ kind: 'error', message: err.message }),
    );
  };

  useEffect(() => {
    void store.backend.redactionSettings().then((s) => {
      setHeaders(s.extraHeaders.join(', '));
      setParams(s.extraParams.join(', '));
      preview(s.extraHeaders, s.extraParams);
    });
    dialog.current?.focus();
    return () => job.current?.cancel();
  }, [sessionId]);

  const close = () => {
    job.current?.cancel();
    store.actions.closeExport();
  };

  const applyNames = async () => {
    const settings = { extraHeaders: split(headers), extraParams: split(params) };
    await store.backend.saveRedactionSettings(settings);
    preview(settings.extraHeaders, settings.extraParams);
  };

  const exportNow = (redacted: boolean) => {
    const redact = redacted ? { extraHeaders: split(headers), extraParams: split(params), level } : (false as const);
    setPhase({ kind: 'exporting', redacted, phase: 'Starting', done: 0, total: 0 });
    const j = store.backend.runJob({ type: 'export', req: { sessionId, redact, creator: CREATOR } }, (p, done, total) => setPhase({ kind: 'exporting', redacted, phase: p, done, total }));
    job.current = j;
    j.promise.then(
      ({ blob, report }) => {
        const base = (session ? sessionLabel(session) : sessionId).replace(/^https?:\/\//, '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
        store.backend.download(blob, `netlens-${base}${redacted ? '' : '-UNREDACTED'}.har`);
        store.notice.value = redacted
          ? `Exported a ${level === 'strict' ? 'strictly ' : ''}redacted HAR (${report?.total ?? 0} values removed).`
          : 'Exported an UNREDACTED HAR: it contains credentials.';
        store.actions.closeExport();
      },
      (err: Error) => {
        if (err.name === 'AbortError') store.notice.value = 'Export cancelled.';
        else setPhase({ kind: 'error', message: err.message });
        if (err.name === 'AbortError') store.actions.closeExport();
      },
    );
  };

  return (
    <div class="modal-backdrop" onClick={(e) => e.target === e.currentTarget && close()}>
      <div
        ref={dialog}
        class="modal export-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Export HAR"
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close();
        }}
      >
        <h2>Export HAR</h2>
        <p class="muted">{session ? sessionLabel(session) : sessionId}</p>
        {phase.kind === 'preview' && (
          <p>
            Checking what redaction will remove… {phase.total ? `${Math.round((phase.done / phase.total) * 100)}%` : ''}
          </p>
        )}
        {(phase.kind === 'ready' || phase.kind === 'confirm-unredacted') && <Preview report={phase.report} />}
        {phase.kind === 'error' && (
          <p class="error" role="alert">
            {phase.message}
          </p>
        )}
        {phase.kind !== 'exporting' && phase.kind !== 'confirm-unredacted' && (
          <fieldset class="extra-names">
            <legend>Also redact</legend>
            <label>
              Headers <input type="text" value={headers} placeholder="X-Tenant, X-Session" onInput={(e) => setHeaders((e.currentTarget as HTMLInputElement).value)} />
            </label>
            <label>
              Parameters and fields <input type="text" value={params} placeholder="email, phone" onInput={(e) => setParams((e.currentTarget as HTMLInputElement).value)} />
            </label>
            <button type="button" onClick={() => void applyNames()} title="Save these names for every export and refresh the preview">
              Apply
            </button>
          </fieldset>
        )}
        {phase.kind !== 'exporting' && phase.kind !== 'confirm-unredacted' && (
          <label class="strict-level">
            <input
              type="checkbox"
              checked={level === 'strict'}
              onChange={(e) => {
                const chosen: RedactionLevel = (e.currentTarget as HTMLInputElement).checked ? 'strict' : 'default';
                setLevel(chosen);
                preview(split(headers), split(params), chosen);
              }}
            />{' '}
            Strict: also drop every body, every WebSocket and SSE payload, and every query value
          </label>
        )}
        {phase.kind === 'exporting' && (
          <div>
            <p>
              {phase.redacted ? 'Exporting a redacted HAR' : 'Exporting an UNREDACTED HAR'}: {phase.phase}
            </p>
            <div class="progress wide" role="progressbar" aria-valuemin={0} aria-valuemax={phase.total} aria-valuenow={phase.done}>
              <span class="progress-fill" style={{ width: `${phase.total ? (phase.done / phase.total) * 100 : 0}%` }} />
              <span class="progress-text">
                {phase.done.toLocaleString('en-US')} / {phase.total.toLocaleString('en-US')}
              </span>
            </div>
          </div>
        )}
        {phase.kind === 'confirm-unredacted' && (
          <div class="warning-box" role="alert">
            <p>
              <strong>The unredacted file will contain everything recorded</strong>: cookies, Authorization headers, tokens in URLs and bodies, passwords in forms. Anyone
              who gets the file can act as you on these sites.
            </p>
            <label>
              <input type="checkbox" checked={understood} onChange={(e) => setUnderstood((e.currentTarget as HTMLInputElement).checked)} /> I understand; export without
              redaction.
            </label>
          </div>
        )}
        <div class="modal-actions">
          {phase.kind === 'exporting' ? (
            <button type="button" onClick={() => job.current?.cancel()}>
              Cancel
            </button>
          ) : phase.kind === 'confirm-unredacted' ? (
            <>
              <button type="button" class="danger" disabled={!understood} onClick={() => exportNow(false)}>
                Export unredacted
              </button>
              <button type="button" onClick={() => setPhase({ kind: 'ready', report: phase.report })}>
                Back
              </button>
            </>
          ) : (
            <>
              <button type="button" class="primary" disabled={phase.kind !== 'ready'} onClick={() => exportNow(true)}>
                {level === 'strict' ? 'Export strictly redacted HAR' : 'Export redacted HAR'}
              </button>
              <button type="button" disabled={phase.kind !== 'ready'} onClick={() => phase.kind === 'ready' && setPhase({ kind: 'confirm-unredacted', report: phase.report })}>
                Export without redaction…
              </button>
              <button type="button" onClick={close}>
                Close
              </button>
            </>
          )}
        </div>
      </div>
    </div>
  );
}

function Preview({ report }: { report: RedactionReport }) {
  const kinds = (Object.entries(report.counts) as [RedactionKind, number][]).filter(([, n]) => n > 0);
  if (report.total === 0) return <p>Redaction found no credentials to remove in this session.</p>;
  return (
    <div class="redaction-preview">
      <p>
        {report.level === 'strict' ? 'Strict redaction' : 'Redaction'} will replace <strong>{report.total}</strong> values with [REDACTED]:
      </p>
      <ul aria-label="Removed, by kind">
        {kinds.map(([k, n]) => (
          <li key={k}>
            {n} {KIND_WORDS[k]}
          </li>
        ))}
      </ul>
      <table class="examples">
        <caption>Examples (names and places; values are never shown)</caption>
        <tbody>
          {report.examples.slice(0, 12).map((e, i) => (
            <tr key={i}>
              <td>{KIND_WORDS[e.kind]}</td>
              <td class="mono">{e.name}</td>
              <td class="mono muted">
                {e.where} · {e.field}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
