// Constants vite puts in at build time (vite.config.ts, `define`).
/** True in dist/ (tests, `npm start`, `netlens record` drive the extension through them); false in the store package. */
declare const __NETLENS_TEST_HOOKS__: boolean;
