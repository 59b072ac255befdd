// Capture of streamed response bodies (issue 17): Server-Sent Events (EventSource and fetch-read
// text/event-stream), NDJSON and JSON text sequences. At responseReceived the capture calls
// Network.streamResourceContent; from then on every Network.dataReceived of that request carries
// its bytes in `data` (stored with the event, as the protocol sent it). A command result is not an
// event, so its answer is written into the log as a pseudo-event (see docs/ARCHITECTURE.md,
// "Streamed bodies: the pseudo-events"):
//
//   Netlens.streamResourceContent { requestId, bufferedData }   streaming is on; bufferedData is
//                                                               the base64 bytes that came before
//   Netlens.streamResourceContent { requestId, error }          the call failed (with the reason)
//   Netlens.streamBody { requestId, body, base64Encoded }       fallback: the whole body, read at
//                                                               loadingFinished (Network.getResponseBody)
//   Netlens.streamBody { requestId, error }                     the fallback failed too
//
// Support is found by trying: the first "method not found" answer turns the command off for the
// rest of the recording, and those streams are read whole at loadingFinished.
import type { DebuggerTarget } from '../adapters/debugger.ts';
import { streamFormatOf } from '../core/recorder/stream-format.ts';

export interface StreamCaptureDeps {
  send<R = unknown>(target: DebuggerTarget, method: string, params?: object): Promise<R>;
  /** Writes a pseudo-event into the log, as if the protocol had sent it on `target`. */
  emit(target: DebuggerTarget, method: string, params: object): void;
}

interface Pending {
  target: DebuggerTarget;
  /** The command's answer: true streaming is on, false it failed (the body is read at the end). */
  streaming: Promise<boolean>;
  finished: boolean;
}

export class StreamCapture {
  /** undefined until the first answer; false once the browser said it has no such command. */
  private supported: boolean | undefined;
  private readonly streams = new Map<string, Pending>();

  constructor(private readonly deps: StreamCaptureDeps) {}

  /** Every event of the recording goes through here first (cheap for the ones it does not want). */
  onEvent(target: DebuggerTarget, method: string, params: unknown): void {
    if (method === 'Network.responseReceived') this.responseReceived(target, params as { requestId?: unknown; response?: { mimeType?: unknown } });
    else if (method === 'Network.loadingFinished') this.loadingFinished(target, params as { requestId?: unknown });
    else if (method === 'Network.loadingFailed') this.streams.delete(String((params as { requestId?: unknown })?.requestId));
  }

  private responseReceived(target: DebuggerTarget, p: { requestId?: unknown; response?: { mimeType?: unknown } }): void {
    const requestId = typeof p?.requestId === 'string' ? p.requestId : undefined;
    if (requestId === undefined || streamFormatOf(String(p.response?.mimeType ?? '')) === undefined) return;
    if (this.streams.has(requestId)) return;
    const entry: Pending = { target, streaming: Promise.resolve(false), finished: false };
    this.streams.set(requestId, entry);
    if (this.supported === false) return;
    entry.streaming = this.deps
      .send<{ bufferedData: string }>(target, 'Network.streamResourceContent', { requestId })
      .then((r) => {
        this.supported = true;
        this.deps.emit(target, 'Netlens.streamResourceContent', { requestId, bufferedData: typeof r?.bufferedData === 'string' ? r.bufferedData : '' });
        return true;
      })
      .catch((err: unknown) => {
        const error = errorText(err);
        if (/wasn't found|not found.*method|method.*not found|-32601/i.test(error) && !/request/i.test(error)) this.supported = false;
        this.deps.emit(target, 'Netlens.streamResourceContent', { requestId, error });
        return false;
      });
  }

  private loadingFinished(target: DebuggerTarget, p: { requestId?: unknown }): void {
    const requestId = typeof p?.requestId === 'string' ? p.requestId : undefined;
    if (requestId === undefined) return;
    const entry = this.streams.get(requestId);
    if (entry === undefined || entry.finished) return;
    entry.finished = true;
    this.streams.delete(requestId);
    // The race: the request finished before streaming could be turned on (or the browser has no
    // such command). Then the body is still there to read whole.
    void entry.streaming.then((streaming) => {
      if (streaming) return;
      return this.deps
        .send<{ body: string; base64Encoded: boolean }>(target, 'Network.getResponseBody', { requestId })
        .then((r) => this.deps.emit(target, 'Netlens.streamBody', { requestId, body: String(r?.body ?? ''), base64Encoded: r?.base64Encoded === true }))
        .catch((err: unknown) => this.deps.emit(target, 'Netlens.streamBody', { requestId, error: errorText(err) }));
    });
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
