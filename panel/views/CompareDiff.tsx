// Compare sessions, first section: the semantic diff of the two sessions (src/core/diff, made in
// the analysis worker): what changed in meaning, largest effect first, each change with links to
// its requests on both sides — a link opens that request in the session it belongs to (the
// Requests view, the request selected), and a note when the two look like one server under two
// origins (every request moved: a changed port). Recorded data is rendered as text only.
import type { Change, DiffResult, RequestLink, SideSummary } from '../../src/core/diff/index.ts';
import { codeSpan, formatBytes, formatDuration, formatPath } from '../../src/core/format/index.ts';
import { CodeText, plainText } from '../components/CodeText.tsx';
import { useStore } from '../store/store.ts';

/** How many request links a change shows (the rest are counted). */
const MAX_LINKS = 6;

const DIRECTION: Record<Change['direction'], string> = { worse: 'worse', better: 'better', neutral: 'changed' };

export function CompareDiff({ diff: d, beforeId, afterId }: { diff: DiffResult; beforeId: string; afterId: string }) {
  const store = useStore();
  const open = async (sessionId: string, hopId: string) => {
    if (store.current.peek()?.id !== sessionId) await store.actions.openSession(sessionId);
    store.actions.select(hopId);
    store.view.value = 'requests';
  };
  const linkButtons = (links: readonly RequestLink[]) => {
    const shown = links.slice(0, MAX_LINKS);
    return (
      <span class="diff-links">
        {shown.map((l, i) => (
          <span key={i} class="diff-link-pair">
            {l.a !== undefined && (
              <button type="button" class="link diff-link" data-session={beforeId} data-hop={l.a} title={`Open this request in the before session: ${l.url}`} onClick={() => void open(beforeId, l.a!)}>
                before
              </button>
            )}
            {l.b !== undefined && (
              <button type="button" class="link diff-link" data-session={afterId} data-hop={l.b} title={`Open this request in the after session: ${l.url}`} onClick={() => void open(afterId, l.b!)}>
                after
              </button>
            )}
            <span class="diff-link-url mono" title={l.url}>
              {formatPath(l.url, { max: 48 })}
            </span>
          </span>
        ))}
        {links.length > MAX_LINKS && <span class="muted"> and {links.length - MAX_LINKS} more</span>}
      </span>
    );
  };
  const row = (label: string, s: SideSummary) => (
    <tr>
      <th scope="row">{label}</th>
      <td class="num">{s.requests}</td>
      <td class="num">{formatBytes(s.bytes) || '0 B'}</td>
      <td class="num">{s.newConnections}</td>
      <td class="num">{s.preflights}</td>
      <td>{s.pageLoads.map((p) => (p.loadMs === undefined ? '–' : formatDuration(p.loadMs))).join(', ') || '–'}</td>
    </tr>
  );
  return (
    <section class="compare-diff" aria-label="What changed">
      <h3 class="compare-heading">
        What changed ({d.changes.length}){d.changes.length > 1 && <span class="muted"> — largest effect first</span>}
      </h3>
      {d.warnings.length > 0 && (
        <ul class="diff-warnings" aria-label="Recorded under different conditions">
          {d.warnings.map((w, i) => (
            <li key={i} role="note">
              <CodeText text={w} />
            </li>
          ))}
        </ul>
      )}
      {d.sameOrigins && d.sameOrigins.length > 0 && (
        <p class="diff-same-origins" role="note">
          <CodeText text={`Compared as one: ${d.sameOrigins.map((p) => `${codeSpan(p.a)} (before) = ${codeSpan(p.b)} (after)`).join(', ')}.`} />
        </p>
      )}
      {d.originSuggestions && d.originSuggestions.length > 0 && (
        <p class="diff-origin-hint" role="note">
          <CodeText
            text={`${d.allMoved ? 'No request matched on its origin: every matched request moved, because the origins differ. ' : ''}These look like one server under two names (another port, staging and production): every request matched from ${d.originSuggestions.map((p) => `${codeSpan(p.a)} moved to ${codeSpan(p.b)}`).join(', ')}, and neither origin is contacted in the other session. On the command line: ${d.originSuggestions.map((p) => codeSpan(`--same-origin ${p.a}=${p.b}`)).join(' ')}.`}
          />{' '}
          <button type="button" class="link diff-same-origin" title="Compare again with each of these origins of the first session counted as its counterpart in the second" onClick={() => void store.cache.runCompare([...(d.sameOrigins ?? []), ...d.originSuggestions!])}>
            Compare them as one
          </button>
        </p>
      )}
      <table class="sessions-table compare-table diff-totals">
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col" class="num">Requests</th>
            <th scope="col" class="num">Transferred</th>
            <th scope="col" class="num" title="Connections that carried the session's requests">Connections</th>
            <th scope="col" class="num">Preflights</th>
            <th scope="col" title="Each page load's load event after its start">Page loads</th>
          </tr>
        </thead>
        <tbody>
          {row(`Before: ${d.a.label}`, d.a)}
          {row(`After: ${d.b.label}`, d.b)}
        </tbody>
      </table>
      {d.changes.length === 0 ? (
        <p class="muted diff-none">No change in meaning: {d.matched} requests matched by method and normalised URL, with the same status, cache verdict, CORS class, protocol, connections and size.</p>
      ) : (
        <ol class="diff-changes">
          {d.changes.map((c, i) => (
            <li key={i} class={`diff-change dir-${c.direction}`} data-kind={c.kind} title={plainText(c.sentence)}>
              <span class={`diff-direction dir-${c.direction}`}>{DIRECTION[c.direction]}</span> <span class="diff-kind">{c.kind}</span>{' '}
              <span class="diff-sentence">
                <CodeText text={c.sentence} />
              </span>
              {c.requests.length > 0 && linkButtons(c.requests)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
