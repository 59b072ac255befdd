// Benchmark (issue 19): what rebuilding an event stream's body from its messages and keeping the
// first bytes of a big text body cost. Streams of 10,000 / 100,000 / 1,000,000 SSE and NDJSON
// messages folded from literal CDP logs (one chunk per 100 messages), then `reconstructStreamBody`
// timed on the fold's streams; `truncateBody` on text and base64 bodies of 1, 10 and 50 MB with a
// multi-byte character at the cut. Both must be linear: the time per message (per MB) stays flat.
// Run: npx tsx bench/stream-body.ts
import { NetworkRecorder } from '../src/core/recorder/index.ts';
import { reconstructStreamBody } from '../src/core/stream-body.ts';
import { truncateBody } from '../src/core/bodies.ts';
import type { CdpEvent } from '../src/core/cdp.ts';
import { cpu, median, nproc, time } from './lib/stats.ts';

function streamLog(format: 'sse' | 'ndjson', n: number): CdpEvent[] {
  const mimeType = format === 'sse' ? 'text/event-stream' : 'application/x-ndjson';
  const url = 'http://a.test/s';
  const out: CdpEvent[] = [
    { method: 'Network.requestWillBeSent', params: { requestId: 'r', loaderId: 'L', documentURL: 'http://a.test/', request: { url, method: 'GET', headers: {} }, timestamp: 1, wallTime: 1_700_000_000, initiator: { type: 'script' }, type: 'Fetch' } },
    { method: 'Network.responseReceived', params: { requestId: 'r', loaderId: 'L', timestamp: 1.01, type: 'Fetch', response: { url, status: 200, statusText: 'OK', headers: { 'content-type': mimeType }, mimeType, connectionReused: false, connectionId: 1, encodedDataLength: 100, protocol: 'http/1.1' } } },
    { method: 'Netlens.streamResourceContent', params: { requestId: 'r', bufferedData: '' } },
  ];
  for (let i = 0; i < n; i += 100) {
    let text = '';
    for (let k = i; k < Math.min(n, i + 100); k++) text += format === 'sse' ? `id: ${k}\nevent: token\ndata: {"i":${k},"t":"tok ✓"}\n\n` : `{"i":${k},"t":"tok ✓"}\n`;
    const bytes = Buffer.from(text, 'utf8');
    out.push({ method: 'Network.dataReceived', params: { requestId: 'r', timestamp: 1.02 + i / 1e6, dataLength: bytes.length, encodedDataLength: bytes.length, data: bytes.toString('base64') } });
  }
  out.push({ method: 'Network.loadingFinished', params: { requestId: 'r', timestamp: 9, encodedDataLength: 1 } });
  return out;
}

console.log(`stream-body bench — ${cpu}, ${nproc} cores, node ${process.version}\n`);
console.log('| stream | messages | rebuilt text | median ms | µs / message |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const format of ['sse', 'ndjson'] as const) {
  for (const n of [10_000, 100_000, 1_000_000]) {
    const rec = NetworkRecorder.fromLog(streamLog(format, n));
    const r = rec.request('r')!;
    const s = rec.bodyStreams()[0]!;
    let len = 0;
    const ms = time(n >= 1_000_000 ? 3 : 5, () => {
      len = reconstructStreamBody(r, s, undefined)!.text.length;
    });
    const med = median(ms);
    console.log(`| ${format} | ${n.toLocaleString('en-US')} | ${(len / 1e6).toFixed(1)} M chars | ${med.toFixed(1)} | ${((med * 1000) / n).toFixed(2)} |`);
  }
}

console.log('\n| body | size | kept | median ms | ms / MB |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const mb of [1, 10, 50]) {
  const size = mb * 1_048_576;
  const text = `${'a'.repeat(size / 2 - 1)}✓${'b'.repeat(size / 2 - 2)}`;
  const keep = size / 2;
  for (const base64 of [false, true]) {
    const body = base64 ? Buffer.from(text, 'utf8').toString('base64') : text;
    let kept = 0;
    const ms = time(3, () => {
      kept = truncateBody(body, base64, keep).kept;
    });
    const med = median(ms);
    console.log(`| ${base64 ? 'base64' : 'text'} | ${mb} MB | ${kept.toLocaleString('en-US')} B | ${med.toFixed(1)} | ${(med / mb).toFixed(2)} |`);
  }
}
