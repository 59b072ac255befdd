// The CORS analysis at N and 10×N requests: `npx tsx bench/cors.ts [N]` (default 10,000). A
// synthetic session of cross-origin fetches from a.test to 20 API origins: every third a PUT with a
// custom header and its preflight (max-age 5 or 600, so the cache replay finds hits, misses and
// expiries), every seventh redirected 307 to another origin with a second preflight, the rest
// simple GETs. Prints CPU milliseconds (median of 3) for the pairing and the whole analysis; a
// linear analysis gives a ratio near 10.
import type { CdpEvent } from '../src/core/cdp.ts';
import { NetworkRecorder } from '../src/core/recorder/index.ts';
import { analyseCorsData, pairPreflights } from '../src/core/analysis/cors/index.ts';

const S = (ms: number) => ms / 1000;
function timing(start: number, at: number) {
  return { requestTime: S(start), proxyStart: -1, proxyEnd: -1, dnsStart: -1, dnsEnd: -1, connectStart: -1, connectEnd: -1, sslStart: -1, sslEnd: -1, workerStart: -1, workerReady: -1, workerFetchStart: -1, workerRespondWithSettled: -1, sendStart: 0.5, sendEnd: 0.6, pushStart: 0, pushEnd: 0, receiveHeadersStart: at - start - 0.1, receiveHeadersEnd: at - start };
}
const response = (url: string, status: number, headers: Record<string, string>, start: number, at: number) => ({ url, status, statusText: '', headers, mimeType: 'text/plain', connectionReused: true, connectionId: 1, remoteIPAddress: '127.0.0.1', remotePort: 80, fromDiskCache: false, fromServiceWorker: false, fromPrefetchCache: false, encodedDataLength: 10, protocol: 'http/1.1', securityState: 'insecure', timing: timing(start, at) });
const sent = (id: string, method: string, url: string, at: number, headers: Record<string, string>, extra: object = {}): CdpEvent =>
  ({ method: 'Network.requestWillBeSent', params: { requestId: id, loaderId: 'L', documentURL: 'http://a.test/page', request: { url, method, headers, initialPriority: 'High', referrerPolicy: 'strict-origin-when-cross-origin' }, timestamp: S(at), wallTime: 1.7e9 + S(at), initiator: { type: 'script' }, type: 'Fetch', frameId: 'F', ...extra } }) as CdpEvent;

function session(n: number): CdpEvent[] {
  const out: CdpEvent[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += 3;
    const api = `http://api${i % 20}.test`;
    const url = `${api}/items?page=${i % 50}`;
    const id = `R${i}`;
    const origin = { Origin: 'http://a.test' };
    if (i % 3 === 0) {
      const allow = { 'Access-Control-Allow-Origin': 'http://a.test', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-token', 'Access-Control-Max-Age': i % 2 ? '5' : '600' };
      out.push(sent(id, 'PUT', url, t, { 'X-Token': 'a', ...origin }));
      out.push({ ...sent(`P${i}`, 'OPTIONS', url, t + 0.2, { ...origin, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-token' }), params: { ...(sent(`P${i}`, 'OPTIONS', url, t + 0.2, { ...origin, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-token' }).params as object), type: 'Other', initiator: { type: 'preflight', requestId: id } } } as CdpEvent);
      out.push({ method: 'Network.responseReceived', params: { requestId: `P${i}`, loaderId: 'L', timestamp: S(t + 1), type: 'Preflight', response: response(url, 204, allow, t + 0.3, t + 1) } } as CdpEvent);
      out.push({ method: 'Network.loadingFinished', params: { requestId: `P${i}`, timestamp: S(t + 1.1), encodedDataLength: 10 } } as CdpEvent);
      if (i % 7 === 0) {
        const next = `http://other${i % 5}.test/items?page=${i % 50}`;
        out.push(sent(id, 'PUT', next, t + 1.5, { 'X-Token': 'a', Origin: 'null' }, { redirectHasExtraInfo: false, redirectResponse: response(url, 307, { Location: next, 'Access-Control-Allow-Origin': 'http://a.test' }, t + 1.2, t + 1.5) }));
        out.push({ ...sent(`Q${i}`, 'OPTIONS', next, t + 1.6, {}), params: { ...(sent(`Q${i}`, 'OPTIONS', next, t + 1.6, { Origin: 'null', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-token' }).params as object), type: 'Other', initiator: { type: 'preflight', requestId: id } } } as CdpEvent);
        out.push({ method: 'Network.responseReceived', params: { requestId: `Q${i}`, loaderId: 'L', timestamp: S(t + 2), type: 'Preflight', response: response(next, 204, { ...allow, 'Access-Control-Allow-Origin': 'null' }, t + 1.7, t + 2) } } as CdpEvent);
        out.push({ method: 'Network.loadingFinished', params: { requestId: `Q${i}`, timestamp: S(t + 2.1), encodedDataLength: 10 } } as CdpEvent);
        out.push({ method: 'Network.responseReceived', params: { requestId: id, loaderId: 'L', timestamp: S(t + 2.5), type: 'Fetch', response: response(next, 200, { 'Access-Control-Allow-Origin': 'null' }, t + 2.2, t + 2.5) } } as CdpEvent);
      } else {
        out.push({ method: 'Network.responseReceived', params: { requestId: id, loaderId: 'L', timestamp: S(t + 2), type: 'Fetch', response: response(url, 200, { 'Access-Control-Allow-Origin': 'http://a.test' }, t + 1.2, t + 2) } } as CdpEvent);
      }
    } else {
      out.push(sent(id, 'GET', url, t, origin));
      out.push({ method: 'Network.responseReceived', params: { requestId: id, loaderId: 'L', timestamp: S(t + 1), type: 'Fetch', response: response(url, 200, { 'Access-Control-Allow-Origin': '*' }, t + 0.2, t + 1) } } as CdpEvent);
    }
    out.push({ method: 'Network.loadingFinished', params: { requestId: id, timestamp: S(t + 2.6), encodedDataLength: 100 } } as CdpEvent);
  }
  return out;
}

function cpu(work: () => unknown): number {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = process.cpuUsage();
    work();
    const d = process.cpuUsage(t0);
    runs.push((d.user + d.system) / 1000);
  }
  return runs.sort((a, b) => a - b)[1]!;
}

const n = Number(process.argv[2] ?? 10_000);
const rows: string[] = [];
const figures: { requests: number; pairing: number; analysis: number }[] = [];
for (const size of [n, 10 * n]) {
  const rec = NetworkRecorder.fromLog(session(size));
  const requests = rec.requests();
  const d = analyseCorsData(requests);
  const pairing = cpu(() => pairPreflights(requests));
  const analysis = cpu(() => analyseCorsData(requests));
  figures.push({ requests: requests.length, pairing, analysis });
  rows.push(`${size.toLocaleString('en-US')} fetches: ${requests.length.toLocaleString('en-US')} records, ${d.pairing.pairs.length.toLocaleString('en-US')} preflights, ${d.requests.filter((c) => c.cache?.kind === 'hit').length.toLocaleString('en-US')} hits, ${d.requests.filter((c) => c.cache?.kind === 'miss').length.toLocaleString('en-US')} misses; pairing ${pairing.toFixed(1)} ms, whole analysis ${analysis.toFixed(1)} ms CPU`);
}
for (const r of rows) console.log(r);
console.log(`ratio 10×N / N: pairing ${(figures[1]!.pairing / figures[0]!.pairing).toFixed(1)}, analysis ${(figures[1]!.analysis / figures[0]!.analysis).toFixed(1)}`);
