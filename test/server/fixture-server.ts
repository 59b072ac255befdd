// The fixture server: every scenario Netlens explains, served on loopback, logging what it saw.
//
// Three listeners on ephemeral loopback ports:
//   http   cleartext HTTP/1.1 with keep-alive (hosts a.test, b.test, shard1.test, shard2.test, close.test)
//   https  TLS, HTTP/1.1 only (host tls.test)
//   h2     TLS, HTTP/2 with HTTP/1.1 fallback (hosts h2.test, h2b.test: one certificate covers both,
//          so Chromium may coalesce them onto one connection)
// Chromium reaches them by name with --host-resolver-rules="MAP *.test 127.0.0.1".
import http from 'node:http';
import https from 'node:https';
import http2 from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer } from 'ws';
import { TruthLog, keptHeaders, type TruthRequest } from './truth-log.ts';
import { testCert, testKey, spkiHash } from './tls.ts';
import { route, type Ctx, type Res, type ServerUrls } from './routes.ts';
import { handleWebSocket } from './streams.ts';
import { handleFlood } from './flood.ts';
import { handleWsLab, newWsLabServer } from './scenarios/ws-lab.ts';

const SOCKET_ID = Symbol('netlens.socketId');
type Tagged = { [SOCKET_ID]?: number };

export interface FixtureServer {
  log: TruthLog;
  ports: { http: number; https: number; h2: number };
  urls: ServerUrls;
  /** Chromium flags that make the test hostnames and the test certificate work. */
  chromiumArgs: string[];
  /**
   * Turns HTTP/2 on the h2 listener on or off (the same origins then answer over HTTP/1.1: the
   * TLS handshake offers only http/1.1), and closes its open connections so the next request
   * negotiates again.
   */
  setHttp2(enabled: boolean): void;
  /** Closes every open connection (the listeners stay): the next load opens new sockets. */
  dropConnections(): void;
  close(): Promise<void>;
}

export interface FixtureServerOptions {
  /** Log each request to stderr (the standalone script does). */
  verbose?: boolean;
}

export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const log = new TruthLog();
  const sockets = new Set<Socket>();
  const h2Sessions = new Set<http2.ServerHttp2Session>();
  const ports = { http: 0, https: 0, h2: 0 };
  const urls = makeUrls(ports);

  const track = (socket: Socket, listener: 'http' | 'https' | 'h2') => {
    const tls = socket as TLSSocket;
    const entry = log.openSocket({
      listener,
      protocol: listener === 'h2' && tls.alpnProtocol === 'h2' ? 'h2' : 'http/1.1',
      remotePort: socket.remotePort ?? 0,
      ...(listener !== 'http' && typeof tls.servername === 'string' ? { servername: tls.servername } : {}),
      ...(listener !== 'http' ? { tlsResumed: tls.isSessionReused() } : {}),
    });
    (socket as Socket & Tagged)[SOCKET_ID] = entry.id;
    sockets.add(socket);
    socket.on('close', () => {
      entry.closedAt = Date.now();
      sockets.delete(socket);
    });
  };

  const handle = (req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse, scheme: 'http' | 'https') => {
    const isH2 = req.httpVersionMajor === 2;
    // On HTTP/2, req.socket is a proxy of the session's socket: property reads reach the tagged socket.
    const socketId = (req.socket as unknown as Tagged)[SOCKET_ID] ?? 0;
    const host = String(isH2 ? req.headers[':authority'] : req.headers.host ?? '');
    const path = req.url ?? '/';
    const entry = log.addRequest({
      socketId,
      protocol: isH2 ? 'h2' : 'http/1.1',
      ...(isH2 ? { streamId: (req as http2.Http2ServerRequest).stream.id } : {}),
      method: req.method ?? 'GET',
      url: `${scheme}://${host}${path}`,
      host,
      path,
      headers: keptHeaders(req.headers as Record<string, string>),
    });
    if (options.verbose) process.stderr.write(`#${entry.id} socket ${socketId} ${req.method} ${entry.url}\n`);
    res.on('finish', () => {
      entry.finishedAt = Date.now();
      entry.status ??= res.statusCode;
    });
    // A stream the client closed (an EventSource, an aborted fetch) ends without 'finish'.
    res.on('close', () => {
      entry.finishedAt ??= Date.now();
    });
    const ctx: Ctx = { req, res: res as unknown as Res, entry, urls, log, url: new URL(entry.url) };
    Promise.resolve(route(ctx)).catch((err: unknown) => {
      if (!res.headersSent) {
        entry.status = 500;
        res.writeHead(500, { 'content-type': 'text/plain' });
      }
      res.end(String(err));
    });
  };

  // Cleartext HTTP/1.1 with long keep-alive, so sockets stay warm between loads as in a browser.
  const httpServer = http.createServer({ keepAliveTimeout: 120_000, headersTimeout: 125_000 }, (req, res) => handle(req, res, 'http'));
  httpServer.on('connection', (s) => track(s, 'http'));
  const wss = new WebSocketServer({ noServer: true });
  const wsLabServer = newWsLabServer();
  httpServer.on('upgrade', (req, socket, head) => {
    const host = req.headers.host ?? '';
    const entry = log.addRequest({
      socketId: (socket as Socket & Tagged)[SOCKET_ID] ?? 0,
      protocol: 'http/1.1',
      method: req.method ?? 'GET',
      url: `ws://${host}${req.url ?? '/'}`,
      host,
      path: req.url ?? '/',
      headers: keptHeaders(req.headers as Record<string, string>),
    });
    const lab = (req.url ?? '').startsWith('/ws-lab?');
    (lab ? wsLabServer : wss).handleUpgrade(req, socket, head, (ws) => {
      entry.status = 101;
      entry.respondedAt = Date.now();
      ws.on('close', () => (entry.finishedAt = Date.now()));
      const url = new URL(entry.url);
      if (lab) handleWsLab(ws, entry as TruthRequest, log, url);
      else if (url.pathname === '/ws-flood') handleFlood(ws, entry as TruthRequest, log, url);
      else handleWebSocket(ws, entry as TruthRequest, log, url);
    });
  });

  const httpsServer = https.createServer(
    { cert: testCert, key: testKey, ALPNProtocols: ['http/1.1'], keepAliveTimeout: 120_000 },
    (req, res) => handle(req, res, 'https'),
  );
  httpsServer.on('secureConnection', (s) => track(s, 'https'));

  const h2Server = http2.createSecureServer({ cert: testCert, key: testKey, allowHTTP1: true }, (req, res) => handle(req, res, 'https'));
  // Tag the socket before http2's own listener wraps it in a session.
  h2Server.prependListener('secureConnection', (s: TLSSocket) => track(s, 'h2'));
  h2Server.on('session', (session) => {
    h2Sessions.add(session);
    session.on('close', () => h2Sessions.delete(session));
  });

  const listen = (server: http.Server | https.Server | http2.Http2SecureServer) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  ports.http = await listen(httpServer);
  ports.https = await listen(httpsServer);
  ports.h2 = await listen(h2Server);

  const chromiumArgs = [
    '--host-resolver-rules=MAP *.test 127.0.0.1',
    `--ignore-certificate-errors-spki-list=${spkiHash(testCert)}`,
  ];

  let closed = false;
  const dropConnections = () => {
    for (const s of h2Sessions) s.destroy();
    for (const s of sockets) s.destroy();
  };
  return {
    log,
    ports,
    urls,
    chromiumArgs,
    setHttp2(enabled: boolean) {
      // A tls.Server reads its ALPN list (the wire format: each name after its length byte) for each new connection.
      const names = enabled ? ['h2', 'http/1.1'] : ['http/1.1'];
      (h2Server as unknown as { ALPNProtocols: Buffer }).ALPNProtocols = Buffer.concat(names.map((n) => Buffer.concat([Buffer.from([n.length]), Buffer.from(n, 'latin1')])));
      dropConnections();
    },
    dropConnections,
    async close() {
      if (closed) return;
      closed = true;
      for (const ws of wss.clients) ws.terminate();
      for (const ws of wsLabServer.clients) ws.terminate();
      for (const s of h2Sessions) s.destroy();
      for (const s of sockets) s.destroy();
      await Promise.all(
        [httpServer, httpsServer, h2Server].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
      );
    },
  };
}

function makeUrls(ports: { http: number; https: number; h2: number }): ServerUrls {
  return {
    http: (host, path = '/') => `http://${host}:${ports.http}${path}`,
    https: (host, path = '/') => `https://${host}:${ports.https}${path}`,
    h2: (host, path = '/') => `https://${host}:${ports.h2}${path}`,
    ws: (host, path = '/') => `ws://${host}:${ports.http}${path}`,
  };
}
