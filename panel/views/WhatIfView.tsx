// The What-if view: estimates (said to be estimates) of the open session's first page load under
// other protocols and networks, from the model in src/core/whatif run by the analysis worker. The
// recorded load and the model's replay of it (its first check) first, then each validated
// scenario with its estimate and error bound, the scenarios not offered and why, the model's
// assumptions, and the critical path of the baseline or of the chosen scenario drawn.
import { useState } from 'preact/hooks';
import { formatDuration, formatPercent, plural } from '../../src/core/format/index.ts';
import type { ScenarioEstimate } from '../../src/core/whatif/index.ts';
import { useStore } from '../store/store.ts';
import { PathWaterfall } from './whatif/PathWaterfall.tsx';
import './whatif/whatif.css';

const ms = (x: number) => formatDuration(Math.max(0, x)) || '0 ms';
const signed = (share: number) => `${share >= 0 ? '+' : '−'}${formatPercent(Math.abs(share))}`;

export function WhatIfView() {
  const store = useStore();
  const model = store.whatIf;
  const summary = model.summary.value;
  const [chosen, setChosen] = useState<string>('baseline');
  if (!store.loader.value) return <p class="empty">Open or record a session to estimate its load under other networks.</p>;
  if (!summary) return <p class="empty">{model.error.value ?? (model.running.value ? 'Estimating…' : 'No estimate yet.')}</p>;
  const d = summary.data;
  if (!d) return <p class="empty">{summary.unavailable}</p>;
  const picked: ScenarioEstimate | undefined = d.scenarios.find((s) => s.scenario.id === chosen);
  const path = picked ? picked.criticalPath : d.baseline.criticalPath;
  const span = Math.max(d.recordedLoadMs, d.baseline.loadMs, ...d.scenarios.map((s) => s.loadMs));
  return (
    <div class="whatif-view">
      <div class="toolbar">
        <span class="count">Estimates, not measurements · {plural(d.requests, 'request')} of {d.pageUrl ?? 'the recording'}</span>
        {model.running.value && <span class="running">Estimating…</span>}
      </div>
      <section aria-label="Scenarios" class="whatif-scenarios">
        <table>
          <thead>
            <tr>
              <th scope="col">Scenario</th>
              <th scope="col">Load</th>
              <th scope="col">Against the baseline</th>
              <th scope="col">Likely range</th>
              <th scope="col">Connections</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>Recorded</td>
              <td>{ms(d.recordedLoadMs)}</td>
              <td />
              <td class="note">measured</td>
              <td />
            </tr>
            <tr class={chosen === 'baseline' ? 'selected' : ''} onClick={() => setChosen('baseline')}>
              <td>
                <button type="button" class="link" aria-pressed={chosen === 'baseline'} onClick={() => setChosen('baseline')}>Baseline: the recording replayed by the model</button>
              </td>
              <td>{ms(d.baseline.loadMs)}</td>
              <td title="The model's error against the recorded load: its first check">{signed(d.baseline.error)} against the recording</td>
              <td />
              <td>{d.baseline.connections}</td>
            </tr>
            {d.scenarios.map((s) => (
              <tr key={s.scenario.id} class={chosen === s.scenario.id ? 'selected' : ''}>
                <td>
                  <button type="button" class="link" aria-pressed={chosen === s.scenario.id} onClick={() => setChosen(s.scenario.id)}>{s.scenario.title}</button>
                </td>
                <td>about {ms(s.loadMs)}</td>
                <td>{signed(s.changeVsBaseline)}</td>
                <td>{s.rangeMs ? `${ms(s.rangeMs[0])} – ${ms(s.rangeMs[1])} (±${formatPercent(s.scenario.errorBound ?? 0)}, validated)` : 'not validated'}</td>
                <td>{s.connections}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {d.notOffered.length > 0 && (
          <ul class="whatif-not-offered" aria-label="Not offered">
            {d.notOffered.map((s) => (
              <li key={s.id}>
                <strong>{s.title}</strong>: not offered ({s.notOffered}).
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Critical path" class="whatif-path-section">
        <h3>Critical path: {picked ? picked.scenario.title : 'baseline'} ({ms(picked ? picked.loadMs : d.baseline.loadMs)})</h3>
        <p class="whatif-legend">
          <span class="whatif-bar setup" /> connection set-up <span class="whatif-bar wait" /> waiting for a connection <span class="whatif-bar request" /> request and server <span class="whatif-bar download" /> download
        </p>
        <PathWaterfall steps={path} spanMs={span} label="Critical path" />
      </section>
      <section aria-label="Assumptions" class="whatif-assumptions">
        <h3>Assumptions</h3>
        <ul>
          {d.assumptions.map((a, i) => (
            <li key={i}>{a}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
