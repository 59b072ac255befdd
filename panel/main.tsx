// The panel's entry point: wiring only. Builds the backend for the DevTools shell, the store, and
// renders the app.
import { render } from 'preact';
import { extensionBackend } from './backend/extension.ts';
import { createStore, StoreContext } from './store/store.ts';
import { App } from './views/App.tsx';
import './styles.css';

const backend = extensionBackend();
const store = createStore(backend);
// For tests and the demo: the store of this panel (read-only use). Not in the store package.
if (__NETLENS_TEST_HOOKS__) (globalThis as { netlensPanel?: unknown }).netlensPanel = store;

render(
  <StoreContext.Provider value={store}>
    <App />
  </StoreContext.Provider>,
  document.getElementById('app')!,
);
