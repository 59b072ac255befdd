// The toolbar button: a REC badge and a tooltip on every tab being recorded.
import type { Toolbar } from './recordings.ts';

export function chromeToolbar(): Toolbar {
  return {
    recording(tabId, on) {
      void chrome.action.setBadgeText({ tabId, text: on ? 'REC' : '' }).catch(() => undefined);
      if (on) void chrome.action.setBadgeBackgroundColor({ tabId, color: '#d93025' }).catch(() => undefined);
      void chrome.action
        .setTitle({ tabId, title: on ? 'Netlens is recording this tab. Click to stop or to see recordings.' : 'Netlens' })
        .catch(() => undefined);
    },
  };
}
