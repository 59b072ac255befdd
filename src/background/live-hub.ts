// Live clients (panels) subscribed to sessions: each stored batch is posted to the ports that
// asked for its session, and session row changes to every port.
import type { StoredEvent } from '../core/cdp.ts';
import type { SessionInfo } from '../core/session.ts';
import type { LiveClientMessage, LiveWorkerMessage } from '../adapters/messaging.ts';

export interface HubPort {
  post(m: LiveWorkerMessage): void;
  onMessage(l: (m: LiveClientMessage) => void): void;
  onDisconnect(l: () => void): void;
}

export class LiveHub {
  private readonly subscriptions = new Map<HubPort, Set<string>>();

  add(port: HubPort): void {
    this.subscriptions.set(port, new Set());
    port.onMessage((m) => {
      const subs = this.subscriptions.get(port);
      if (!subs) return;
      if (m.type === 'subscribe') subs.add(m.sessionId);
      else if (m.type === 'unsubscribe') subs.delete(m.sessionId);
    });
    port.onDisconnect(() => this.subscriptions.delete(port));
  }

  publish(sessionId: string, events: StoredEvent[]): void {
    for (const [port, subs] of this.subscriptions) if (subs.has(sessionId)) port.post({ type: 'events', sessionId, events });
  }

  sessionChanged(session: SessionInfo): void {
    for (const port of this.subscriptions.keys()) port.post({ type: 'session', session: { ...session } });
  }

  get clientCount(): number {
    return this.subscriptions.size;
  }
}
