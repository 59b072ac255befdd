// The service worker: capture sessions (attach chrome.debugger, store events). Wiring only.
(globalThis as { netlensReady?: boolean }).netlensReady = true;
