// The only chrome.debugger code: attach to a tab, send commands to it or to its child sessions,
// and route events and detaches. The polyfill has no typing for chrome.debugger, so this uses
// chrome.* directly (typed by @types/chrome).

export interface DebuggerTarget {
  tabId: number;
  /** CDP child session (flattened auto-attach); absent for the tab itself. */
  sessionId?: string;
}

export type DetachReason = 'target_closed' | 'canceled_by_user' | string;

/** What capture needs from a debugger; the chrome implementation is below, tests use doubles. */
export interface DebuggerPort {
  attach(tabId: number): Promise<void>;
  detach(tabId: number): Promise<void>;
  send<R = unknown>(target: DebuggerTarget, method: string, params?: object): Promise<R>;
  onEvent(listener: (target: DebuggerTarget, method: string, params: unknown) => void): void;
  onDetach(listener: (tabId: number, reason: DetachReason) => void): void;
}

/** Protocol version Netlens speaks. */
export const PROTOCOL_VERSION = '1.3';

export class AttachError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'AttachError';
  }
}

/** Turns chrome.debugger's attach errors into sentences a user can act on. */
export function explainAttachError(err: unknown, url?: string): string {
  const raw = err instanceof Error ? err.message : String(err);
  if (/already attached/i.test(raw)) {
    return 'Another debugger is already attached to this tab (another extension, or a remote-debugging client). Close it and try again.';
  }
  if (/chrome:\/\/|chrome-extension:\/\/|Cannot access|Cannot attach/i.test(raw)) {
    return `Chrome does not allow debugging this page${url ? ` (${url})` : ''}: internal pages such as chrome:// and other extensions' pages cannot be recorded.`;
  }
  if (/No tab with given id/i.test(raw)) return 'The tab no longer exists.';
  return `The debugger could not attach: ${raw}`;
}

export function chromeDebugger(): DebuggerPort {
  return {
    async attach(tabId) {
      await chrome.debugger.attach({ tabId }, PROTOCOL_VERSION);
    },
    async detach(tabId) {
      await chrome.debugger.detach({ tabId });
    },
    async send<R>(target: DebuggerTarget, method: string, params?: object) {
      const session: chrome.debugger.DebuggerSession = target.sessionId ? { tabId: target.tabId, sessionId: target.sessionId } : { tabId: target.tabId };
      return (await chrome.debugger.sendCommand(session, method, params as Record<string, unknown> | undefined)) as R;
    },
    onEvent(listener) {
      chrome.debugger.onEvent.addListener((source, method, params) => {
        if (source.tabId === undefined) return;
        listener(source.sessionId ? { tabId: source.tabId, sessionId: source.sessionId } : { tabId: source.tabId }, method, params);
      });
    },
    onDetach(listener) {
      chrome.debugger.onDetach.addListener((source, reason) => {
        if (source.tabId !== undefined) listener(source.tabId, reason);
      });
    },
  };
}
