// What a text is, from its first characters: the one sniffer for the panel's import (through
// importText) and the CLI (importText, and the streamed path for files too large to read whole).
// It decides which reader gets the text; the readers then say precisely what is wrong with it.

export interface Sniffed {
  /** A HAR (a JSON object with "log"), a raw CDP event log, or neither. */
  kind: 'har' | 'cdp-log' | 'unknown';
  /** A HAR that Netlens wrote (its `log.creator.name` is "Netlens", in the first characters, where Netlens writes it). */
  netlensExport: boolean;
  /**
   * How a CDP log is laid out: one JSON array (Netlens, Puppeteer, Lighthouse; ChromeDriver
   * perflogs too), one event per line (JSON Lines), or one object (a single event, or a wrapper).
   */
  layout?: 'json-array' | 'json-lines' | 'json-object';
}

/** How much of the text is looked at. */
const HEAD = 4096;

export function sniffText(text: string): Sniffed {
  // Only the head is trimmed: trimming a 100 MB text would copy it.
  const head = text.slice(0, HEAD).trimStart();
  const netlensExport = /^\{\s*"log"\s*:\s*\{[^]*?"creator"\s*:\s*\{\s*"name"\s*:\s*"Netlens"/.test(head);
  if (/^\{\s*"log"\s*:/.test(head)) return { kind: 'har', netlensExport };
  if (head.startsWith('[')) return { kind: 'cdp-log', netlensExport: false, layout: 'json-array' };
  if (head.startsWith('{')) {
    const firstLine = head.split('\n', 1)[0] ?? '';
    if (/"method"\s*:/.test(firstLine)) {
      const rest = head.slice(firstLine.length).trim();
      return { kind: 'cdp-log', netlensExport: false, layout: firstLine.trimEnd().endsWith('}') && rest.startsWith('{') ? 'json-lines' : 'json-object' };
    }
    // "log" later in the object (another key first): still a HAR.
    if (/"log"\s*:\s*\{/.test(head)) return { kind: 'har', netlensExport: false };
  }
  return { kind: 'unknown', netlensExport: false };
}
