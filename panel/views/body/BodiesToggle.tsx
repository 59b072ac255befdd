// The switch next to Record: record response bodies in the next recording, with the limits per
// body and per session shown and editable (saved by the service worker with the other settings).
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_BODY_LIMITS, type BodyLimits } from '../../../src/core/bodies.ts';
import { formatBytes } from '../../../src/core/format/index.ts';
import { useStore } from '../../store/store.ts';
import './body.css';

const MB = 1_048_576;

export function BodiesToggle() {
  const store = useStore();
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    void store.backend.control({ type: 'bodyLimits' }).then((res) => {
      if (res.ok && res.type === 'bodyLimits') store.bodyLimits.value = res.limits;
    });
  }, []);
  const limits = store.bodyLimits.value ?? DEFAULT_BODY_LIMITS;
  const recording = store.recordingHere.value;
  const words = `up to ${formatBytes(limits.perBodyBytes)} a body, ${formatBytes(limits.perSessionBytes)} a session`;
  return (
    <span class="bodies-toggle">
      <label title={`Also record response bodies (${words}); applies to the next recording`}>
        <input
          type="checkbox"
          aria-label="Record bodies"
          checked={recording ? recording.options.bodies === true : store.captureBodies.value}
          disabled={Boolean(recording) || store.busy.value}
          onChange={(e) => (store.captureBodies.value = (e.currentTarget as HTMLInputElement).checked)}
        />{' '}
        Bodies
      </label>
      <button type="button" class="link-button" aria-label="Body limits" aria-expanded={editing} title={`Limits: ${words}`} onClick={() => setEditing(!editing)}>
        ≤ {formatBytes(limits.perBodyBytes)}
      </button>
      {editing && <LimitsForm limits={limits} onDone={() => setEditing(false)} />}
    </span>
  );
}

function LimitsForm({ limits, onDone }: { limits: BodyLimits; onDone(): void }) {
  const store = useStore();
  const [perBody, setPerBody] = useState(String(limits.perBodyBytes / MB));
  const [perSession, setPerSession] = useState(String(limits.perSessionBytes / MB));
  const [error, setError] = useState<string | undefined>(undefined);
  const save = async (next: BodyLimits) => {
    const res = await store.backend.control({ type: 'bodyLimits', limits: next });
    if (!res.ok) return setError(res.error);
    if (res.type === 'bodyLimits') store.bodyLimits.value = res.limits;
    onDone();
  };
  return (
    <form
      class="body-limits"
      aria-label="Body limits"
      onSubmit={(e) => {
        e.preventDefault();
        void save({ perBodyBytes: Math.round(Number(perBody) * MB), perSessionBytes: Math.round(Number(perSession) * MB) });
      }}
    >
      <label>
        Per body (MB) <input type="number" min="0.001" step="any" aria-label="Limit per body in MB" value={perBody} onInput={(e) => setPerBody((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <label>
        Per session (MB) <input type="number" min="0.001" step="any" aria-label="Limit per session in MB" value={perSession} onInput={(e) => setPerSession((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <button type="submit">Save</button>
      <button type="button" onClick={() => void save(DEFAULT_BODY_LIMITS)} title={`${formatBytes(DEFAULT_BODY_LIMITS.perBodyBytes)} a body, ${formatBytes(DEFAULT_BODY_LIMITS.perSessionBytes)} a session`}>
        Defaults
      </button>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
