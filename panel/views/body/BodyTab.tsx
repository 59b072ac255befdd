// The detail pane's Body tab (issue 19): the selected request's response body, read from the
// bodies table when the request is selected (never held for every row): JSON as a foldable tree
// or pretty-printed text, text, images previewed from a data: URL in <img>, binary as hex; a
// search within it; and when there is no body, the reason.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { NetworkRequest } from '../../../src/core/records.ts';
import { bodyForRecord, bodyReasonText, DEFAULT_BODY_LIMITS, truncationText, type BodyEntry, type BodyView } from '../../../src/core/bodies.ts';
import type { ReconstructedBody } from '../../../src/core/stream-body.ts';
import { formatBytes } from '../../../src/core/format/index.ts';
import { useStore } from '../../store/store.ts';
import { decodeBody, findMatches, hexLines, imageUrl, splitMatches, type DecodedBody } from './body-model.ts';
import { JsonTree } from './JsonTree.tsx';
import './body.css';

type Mode = 'tree' | 'text' | 'preview' | 'hex';

/** How often an open stream's rebuilt body is asked again while the session records (ms). */
const REFRESH_MS = 1000;

export function BodyTab({ request: r }: { request: NetworkRequest }) {
  const store = useStore();
  const session = store.current.value;
  const [loaded, setLoaded] = useState<{ key: string; entry: BodyEntry | undefined } | undefined>(undefined);
  const key = `${session?.id ?? ''}\u0000${r.requestId}`;
  useEffect(() => {
    let live = true;
    if (!session) return;
    store.backend.body(session.id, r.requestId).then(
      (entry) => live && setLoaded({ key, entry }),
      () => live && setLoaded({ key, entry: undefined }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  if (!session) return null;
  if (!loaded || loaded.key !== key) return <p class="muted body-loading">Reading the body…</p>;
  const view = bodyForRecord(r, loaded.entry, session.options.bodies === true);
  if (view.kind === 'none' && view.reason === 'event-stream' && r.resourceType !== 'WebSocket') return <StreamBody key={key} request={r} />;
  return <BodyView key={key} view={view} mimeType={r.mimeType ?? ''} />;
}

/** An event stream's body, rebuilt by the analysis worker from the messages it folded, with a link to its channel. */
function StreamBody({ request: r }: { request: NetworkRequest }) {
  const store = useStore();
  const session = store.current.value;
  const [answer, setAnswer] = useState<{ body: ReconstructedBody | undefined } | undefined>(undefined);
  // While the session records and the stream is not complete, asked again each second (the last answer stays shown).
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (!session) return;
    store.backend
      .analysis()
      .streamBody(session.id, store.loader.value?.lastSeq ?? 0, r.id, session.options.maxBodyBytes ?? DEFAULT_BODY_LIMITS.perBodyBytes)
      .then(
        (body) => {
          if (!live) return;
          setAnswer({ body });
          if (body && !body.complete && store.current.value?.state === 'recording') timer = setTimeout(() => setRound((n) => n + 1), REFRESH_MS);
        },
        () => live && setAnswer({ body: undefined }),
      );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [round]);
  if (!answer) return <p class="muted body-loading">Rebuilding the body from the stream’s messages…</p>;
  const s = answer.body;
  if (!s) return <BodyView view={{ kind: 'none', reason: 'event-stream' }} mimeType={r.mimeType ?? ''} />;
  const showStream = () => {
    store.streams.channelId.value = s.channelId;
    store.view.value = 'streams';
  };
  const from = s.from === 'stream' ? 'the stream’s' : 'the browser’s EventSource';
  return (
    <div class="body-stream">
      <p class="body-stream-note" role="note">
        Reconstructed from {from} {s.messages.toLocaleString('en-US')} message{s.messages === 1 ? '' : 's'}, not the bytes as received;{' '}
        {s.complete ? 'complete' : 'incomplete'}
        {s.notes.length > 0 ? `: ${s.notes.join('; ')}` : ''}.{' '}
        <button type="button" class="link-button" onClick={showStream}>
          Show in the Streams view
        </button>
      </p>
      {s.truncated && (
        <p class="body-truncated" role="note">
          Truncated: {truncationText({ kept: s.truncated.kept, limit: 'body' }, s.truncated.size)}.
        </p>
      )}
      {s.text === '' ? <p class="body-reason">No messages.</p> : <BodyContent entry={{ requestId: r.requestId, body: s.text, base64Encoded: false }} mimeType={r.mimeType ?? ''} />}
    </div>
  );
}

function BodyView({ view, mimeType }: { view: BodyView; mimeType: string }) {
  if (view.kind === 'none') {
    return (
      <p class="body-reason" role="status">
        No body: {bodyReasonText(view.reason, view.detail)}.
      </p>
    );
  }
  const e = view.entry;
  return (
    <>
      {e.truncated && e.size !== undefined && (
        <p class="body-truncated" role="note">
          Truncated: {truncationText(e.truncated, e.size)}.
        </p>
      )}
      <BodyContent entry={e} mimeType={mimeType} />
    </>
  );
}

function BodyContent({ entry, mimeType }: { entry: BodyEntry & { body: string }; mimeType: string }) {
  const decoded = useMemo(() => decodeBody(entry, mimeType), [entry, mimeType]);
  const modes: Mode[] = decoded.kind === 'json' ? ['tree', 'text'] : decoded.kind === 'image' ? ['preview', 'hex'] : decoded.kind === 'binary' ? ['hex'] : ['text'];
  const [chosen, setMode] = useState<Mode>(modes[0]!);
  // A body that changed kind (an open stream's, asked again) keeps a mode it has, else takes its first.
  const mode: Mode = modes.includes(chosen) ? chosen : modes[0]!;
  const [query, setQuery] = useState('');
  const searchable = searchText(decoded, query ? (mode === 'tree' ? 'text' : mode) : mode);
  const count = query && searchable !== undefined ? findMatches(searchable, query).length : 0;
  // A search shows the matches in the text (or hex) view.
  const shown: Mode = query && mode === 'tree' ? 'text' : mode;
  return (
    <div class="body-view">
      <div class="toolbar body-toolbar">
        <span class="muted">
          {decoded.kind} · {formatBytes(decoded.bytes.length)}
          {decoded.mimeType ? ` · ${decoded.mimeType}` : ''}
        </span>
        {modes.length > 1 &&
          modes.map((m) => (
            <button key={m} type="button" class={`tab ${mode === m ? 'active' : ''}`} aria-pressed={mode === m} onClick={() => setMode(m)}>
              {MODE_LABELS[m]}
            </button>
          ))}
        <span class="spacer" />
        {shown !== 'preview' && (
          <>
            <input type="search" class="body-search" placeholder="Search the body" aria-label="Search the body" value={query} onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)} />
            {query && <span class="muted body-count">{count === 1000 ? '1000+ matches' : `${count} match${count === 1 ? '' : 'es'}`}</span>}
          </>
        )}
      </div>
      {shown === 'tree' && <JsonTree value={decoded.json} />}
      {(shown === 'text' || shown === 'hex') && <Highlighted text={searchable ?? ''} query={query} hex={shown === 'hex'} />}
      {shown === 'hex' && decoded.bytes.length > 65_536 && <p class="muted">The first 64 KB of {formatBytes(decoded.bytes.length)} are shown.</p>}
      {shown === 'preview' && <img class="body-image" alt="The response body as an image" src={imageUrl(entry, decoded.mimeType)} />}
    </div>
  );
}

const MODE_LABELS: Record<Mode, string> = { tree: 'Tree', text: 'Text', preview: 'Preview', hex: 'Hex' };

function searchText(d: DecodedBody, mode: Mode): string | undefined {
  if (mode === 'hex') return hexLines(d.bytes).join('\n');
  if (d.kind === 'json') return JSON.stringify(d.json, null, 2);
  return d.text;
}

function Highlighted({ text, query, hex }: { text: string; query: string; hex: boolean }) {
  const parts = useMemo(() => splitMatches(text, query), [text, query]);
  return (
    <pre class={`body-text ${hex ? 'body-hex' : ''}`} tabIndex={0}>
      {parts.map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : p.text))}
    </pre>
  );
}
