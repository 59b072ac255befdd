// The panel's backend inside DevTools: devtools.inspectedWindow for the tab, the control API and
// the live port through the messaging adapter, IndexedDB through the storage adapter.
import browser from 'webextension-polyfill';
import { liveQuery } from 'dexie';
import { connectLive, sendControl } from '../../src/adapters/messaging.ts';
import { openDb } from '../../src/adapters/storage/db.ts';
import { SessionStore } from '../../src/adapters/storage/sessions.ts';
import type { PanelBackend } from './backend.ts';

export function extensionBackend(): PanelBackend {
  const store = new SessionStore(openDb());
  const devtools = browser.devtools;
  return {
    inspectedTabId: devtools?.inspectedWindow.tabId,
    theme: devtools?.panels.themeName === 'dark' ? 'dark' : 'light',
    onThemeChange(listener) {
      // The polyfill's onThemeChanged is Firefox's; Chrome has setThemeChangeHandler.
      chrome.devtools?.panels?.setThemeChangeHandler?.((theme) => listener(theme === 'dark' ? 'dark' : 'light'));
    },
    control: sendControl,
    subscribe(sessionId, onMessage, onClosed) {
      const port = connectLive();
      port.onMessage(onMessage);
      port.onDisconnect(onClosed);
      if (sessionId) port.post({ type: 'subscribe', sessionId });
      return { close: () => port.disconnect() };
    },
    listSessions: () => store.list(),
    watchSessions(onChange) {
      // liveQuery only on the small sessions table, never on events.
      const sub = liveQuery(() => store.list()).subscribe({ next: onChange, error: () => undefined });
      return () => sub.unsubscribe();
    },
    getSession: (id) => store.get(id),
    eventPages: (id, fromSeq, pageSize) => store.pages(id, pageSize, fromSeq),
    eventRange: (id, fromSeq, toSeq) => store.events(id, fromSeq, toSeq),
    updateSession: (id, changes) => store.update(id, changes),
    deleteSession: (id) => store.delete(id),
    deleteAllSessions: () => store.deleteAllEnded(),
    async reloadInspected({ ignoreCache }) {
      await devtools.inspectedWindow.reload({ ignoreCache });
    },
    async copyText(text) {
      try {
        await navigator.clipboard.writeText(text);
      } catch {
        // DevTools panels are iframes that may not hold clipboard focus: fall back to a selection.
        const area = document.createElement('textarea');
        area.value = text;
        area.style.position = 'fixed';
        area.style.opacity = '0';
        document.body.append(area);
        area.select();
        document.execCommand('copy');
        area.remove();
      }
    },
  };
}
