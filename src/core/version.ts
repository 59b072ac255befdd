// Netlens's version: the one in package.json, put in at build time by vite (the extension, the
// panel, vitest) and esbuild (the CLI) as __NETLENS_VERSION__. The manifest, `netlens --version`,
// the HAR creator and the report all read it from here, so a release has one version everywhere.
declare const __NETLENS_VERSION__: string | undefined;

export const NETLENS_VERSION: string = typeof __NETLENS_VERSION__ === 'string' ? __NETLENS_VERSION__ : 'unknown';

/** What Netlens writes as the creator of a HAR file. */
export const NETLENS_CREATOR = { name: 'Netlens', version: NETLENS_VERSION } as const;
