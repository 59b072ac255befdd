// "Keep sessions N days / N MB": the retention settings in the Sessions view, with the defaults
// shown, what the last run deleted, and "Apply now". The service worker applies them at start-up
// and after each recording too (src/background/retention.ts).
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_RETENTION, type RetentionSettings as Settings } from '../../src/core/retention.ts';
import { useStore } from '../store/store.ts';

const field = (v: number | null) => (v === null ? '' : String(v));
const parse = (text: string): number | null => (text.trim() === '' ? null : Number(text));

export function RetentionSettings() {
  const store = useStore();
  const [days, setDays] = useState(field(DEFAULT_RETENTION.maxDays));
  const [mb, setMb] = useState(field(DEFAULT_RETENTION.maxMegabytes));
  const [status, setStatus] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  const answer = async (req: { settings?: Settings; apply?: boolean }) => {
    const res = await store.backend.control({ type: 'retention', ...req });
    if (!res.ok) {
      setError(res.error);
      return;
    }
    if (res.type !== 'retention') return;
    setError(undefined);
    setDays(field(res.settings.maxDays));
    setMb(field(res.settings.maxMegabytes));
    setStatus(res.last ? `${res.last.message} (${new Date(res.last.at).toLocaleString()})` : undefined);
  };
  useEffect(() => void answer({}), []);

  return (
    <form
      class="retention"
      aria-label="Retention"
      onSubmit={(e) => {
        e.preventDefault();
        void answer({ settings: { maxDays: parse(days), maxMegabytes: parse(mb) }, apply: true });
      }}
    >
      <span title="Sessions are deleted when they ended more than this many days ago, or, oldest first, while all sessions together take more than this much storage. A session being recorded is never deleted. Empty: no limit. Applied when the browser starts and after each recording.">
        Keep sessions
      </span>
      <label>
        <input type="number" min="1" step="any" value={days} aria-label="Days to keep sessions" placeholder="any age" onInput={(e) => setDays((e.currentTarget as HTMLInputElement).value)} /> days
      </label>
      <label>
        <input type="number" min="1" step="any" value={mb} aria-label="Megabytes to keep" placeholder="any size" onInput={(e) => setMb((e.currentTarget as HTMLInputElement).value)} /> MB
      </label>
      <button type="submit" title={`Save and apply now (defaults: ${DEFAULT_RETENTION.maxDays} days, ${DEFAULT_RETENTION.maxMegabytes} MB)`}>
        Apply
      </button>
      {error ? (
        <span class="error" role="alert">
          {error}
        </span>
      ) : (
        status && <span class="muted">{status}</span>
      )}
    </form>
  );
}
