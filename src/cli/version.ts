// The version Netlens writes into HAR files' creator; set by the CLI build from package.json.
declare const __NETLENS_VERSION__: string | undefined;
export const NETLENS_VERSION: string = typeof __NETLENS_VERSION__ === 'string' ? __NETLENS_VERSION__ : '0.1.0';
