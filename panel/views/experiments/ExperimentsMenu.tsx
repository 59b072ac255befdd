// The Experiments menu (issue 21), a toolbar button beside Record: cold vs warm (with reload and
// hard reload variants) behind a dialog that says the whole cache is emptied; network conditions
// (presets and custom); the cache disabled. Each experiment records ordinary sessions, named after
// what was done, that open, export and compare like any other.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useStore } from '../../store/store.ts';
import { CLEAR_CACHE_EFFECTS, customConditions, describeConditions, EMULATION_LIMITS, PRESETS, type EmulatedConditions } from '../../../src/core/experiments.ts';
import { recordWith, runColdWarm, running, SECOND_LOADS, type SecondLoad } from './actions.ts';

export function ExperimentsMenu() {
  const store = useStore();
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [second, setSecond] = useState<SecondLoad>('navigate');
  const [preset, setPreset] = useState<string>('Slow 4G');
  const [custom, setCustom] = useState({ latency: '300', download: '', upload: '' });
  const canRun = store.backend.inspectedTabId !== undefined && !store.recordingHere.value && !store.busy.value && !running.value;
  const conditions = (): EmulatedConditions | string => {
    if (preset !== 'Custom') return PRESETS.find((p) => p.label === preset)!;
    const n = (v: string) => (v.trim() === '' ? undefined : Number(v));
    return customConditions(Number(custom.latency), n(custom.download), n(custom.upload));
  };
  const chosen = conditions();
  // A click anywhere else closes the menu.
  const box = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);
  return (
    <span class="experiments" ref={box}>
      <button
        type="button"
        aria-label="Experiments"
        aria-haspopup="menu"
        aria-expanded={open}
        title="Experiments: cold vs warm, network conditions, cache disabled (each records sessions of its own)"
        disabled={store.backend.inspectedTabId === undefined}
        onClick={() => setOpen(!open)}
      >
        ⚗ {running.value ?? 'Experiments'} ▾
      </button>
      {open && (
        <div class="experiments-menu" role="menu" aria-label="Experiments" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          {store.recordingHere.value && <p class="muted">Stop the recording to run an experiment: each one records sessions of its own.</p>}
          <section>
            <h3>Cold vs warm</h3>
            <p class="muted">Empties the HTTP cache, records a load (“cold”), records a second load, and compares the two.</p>
            <label>
              Second load{' '}
              <select aria-label="Second load" value={second} onChange={(e) => setSecond((e.currentTarget as HTMLSelectElement).value as SecondLoad)}>
                {SECOND_LOADS.map((s) => (
                  <option key={s.id} value={s.id} title={s.title}>
                    {s.label}
                  </option>
                ))}
              </select>
            </label>{' '}
            <button type="button" role="menuitem" class="primary" disabled={!canRun} onClick={() => setConfirming(true)}>
              Cold vs warm…
            </button>
          </section>
          <section>
            <h3>Network conditions</h3>
            <label>
              Network{' '}
              <select aria-label="Network conditions" value={preset} onChange={(e) => setPreset((e.currentTarget as HTMLSelectElement).value)}>
                {PRESETS.map((p) => (
                  <option key={p.label} value={p.label}>
                    {describeConditions(p)}
                  </option>
                ))}
                <option value="Custom">Custom…</option>
              </select>
            </label>
            {preset === 'Custom' && (
              <div class="custom-conditions">
                <label>
                  Latency (ms) <input aria-label="Latency (ms)" type="number" min="0" value={custom.latency} onInput={(e) => setCustom({ ...custom, latency: (e.currentTarget as HTMLInputElement).value })} />
                </label>
                <label>
                  Download (kbit/s) <input aria-label="Download (kbit/s)" type="number" min="1" placeholder="unlimited" value={custom.download} onInput={(e) => setCustom({ ...custom, download: (e.currentTarget as HTMLInputElement).value })} />
                </label>
                <label>
                  Upload (kbit/s) <input aria-label="Upload (kbit/s)" type="number" min="1" placeholder="unlimited" value={custom.upload} onInput={(e) => setCustom({ ...custom, upload: (e.currentTarget as HTMLInputElement).value })} />
                </label>
              </div>
            )}
            {typeof chosen === 'string' && (
              <p class="error" role="alert">
                {chosen}
              </p>
            )}
            <button
              type="button"
              role="menuitem"
              disabled={!canRun || typeof chosen === 'string'}
              onClick={() => {
                if (typeof chosen === 'string') return;
                setOpen(false);
                void recordWith(store, { name: chosen.label, conditions: chosen });
              }}
            >
              Record and reload with these conditions
            </button>
            <p class="muted limits">{EMULATION_LIMITS}</p>
          </section>
          <section>
            <h3>Cache disabled</h3>
            <button
              type="button"
              role="menuitem"
              disabled={!canRun}
              title="Every request goes to the network, as with DevTools' “Disable cache”; only while Netlens records"
              onClick={() => {
                setOpen(false);
                void recordWith(store, { name: 'cache disabled', cacheDisabled: true });
              }}
            >
              Record and reload with the cache disabled
            </button>
          </section>
        </div>
      )}
      {confirming && (
        <ColdWarmDialog
          second={second}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            setOpen(false);
            void runColdWarm(store, second);
          }}
        />
      )}
    </span>
  );
}

function ColdWarmDialog({ second, onCancel, onConfirm }: { second: SecondLoad; onCancel(): void; onConfirm(): void }) {
  const secondLabel = SECOND_LOADS.find((s) => s.id === second)!.name;
  return (
    <div class="modal-backdrop" onClick={(e) => e.target === e.currentTarget && onCancel()}>
      <div class="modal cold-warm-dialog" role="dialog" aria-modal="true" aria-label="Cold vs warm" tabIndex={-1} ref={(el) => el?.focus()} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
        <h2>Cold vs warm</h2>
        <p>
          <strong>This empties the browser's whole HTTP cache</strong>: the stored responses of every site in this Chrome profile, not only this page's. Sites you visit next
          load from the network once.
        </p>
        <p>
          Then Netlens records the page loading (session “cold”), records it again ({secondLabel}, session “{secondLabel}”), and opens Compare sessions on the two.
        </p>
        <p class="muted">
          Why the whole cache: Chrome can empty one site's cache (chrome.browsingData with origins), but that needs a further permission, “browsingData”, and a page's
          load touches other origins too (fonts, CDNs), whose responses would stay. The DevTools protocol's Network.clearBrowserCache needs only the debugger permission
          Netlens already has. {CLEAR_CACHE_EFFECTS.split('. ').slice(1).join('. ')}
        </p>
        <div class="modal-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" class="primary" onClick={onConfirm}>
            Empty the cache and record
          </button>
        </div>
      </div>
    </div>
  );
}
