// Finds the Chromium (or Chrome) Netlens launches: CHROME_PATH, else Debian's /usr/bin/chromium,
// else an installed Chrome. Node only.
import { existsSync } from 'node:fs';

export interface FoundBrowser {
  path: string;
  /** Branded Google Chrome 137+ ignores --load-extension; it must load extensions over the pipe. */
  branded: boolean;
}

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

export class BrowserNotFoundError extends Error {
  constructor(detail: string) {
    super(
      `${detail}\n` +
        'Netlens needs Chromium or Chrome. Install one, for example on Debian or Ubuntu:\n' +
        '  sudo apt-get update && sudo apt-get install -y chromium\n' +
        'or point CHROME_PATH at a Chromium or Chrome executable.',
    );
    this.name = 'BrowserNotFoundError';
  }
}

export function findBrowser(env: NodeJS.ProcessEnv = process.env): FoundBrowser {
  const fromEnv = env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new BrowserNotFoundError(`CHROME_PATH is set to ${fromEnv}, but there is no file there.`);
    return { path: fromEnv, branded: isBranded(fromEnv) };
  }
  for (const path of CANDIDATES) if (existsSync(path)) return { path, branded: isBranded(path) };
  throw new BrowserNotFoundError(`No browser found (looked at CHROME_PATH and ${CANDIDATES.length} usual places).`);
}

function isBranded(path: string): boolean {
  return /google[- ]chrome|Google Chrome|chrome\.exe$|\/opt\/google\/chrome\/chrome$/i.test(path);
}
