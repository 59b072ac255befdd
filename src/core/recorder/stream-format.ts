// Which responses are streams of messages, by MIME type: Server-Sent Events (the HTML standard),
// NDJSON / JSON Lines (one JSON text per line) and JSON text sequences (RFC 7464: each record
// begins with the RS character, 0x1E). The capture asks for these bodies as they arrive; the fold
// parses them.
export type StreamFormat = 'sse' | 'ndjson' | 'json-seq';

const NDJSON = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/jsonlines']);

export function streamFormatOf(mimeType: string | undefined): StreamFormat | undefined {
  if (mimeType === undefined || mimeType === '') return undefined;
  const m = mimeType.toLowerCase().split(';')[0]!.trim();
  if (m === 'text/event-stream') return 'sse';
  if (NDJSON.has(m)) return 'ndjson';
  if (m === 'application/json-seq') return 'json-seq';
  return undefined;
}
