// "Copy as cURL" must be safe to paste: the command, run by bash with `curl` replaced by a stub
// on PATH that writes out its arguments, passes exactly the recorded URL, method, headers and body
// and runs nothing else. Recorded data is untrusted, so the values below hold every character
// bash treats specially: quotes, $(), backticks, newlines, backslashes, ! and control characters.
import { afterAll, describe, expect, it } from 'vitest';
import { toCurl } from '../../../src/core/export/curl.ts';
import { makeCurlStub } from './curl-stub.ts';

const stub = makeCurlStub();
afterAll(() => stub.remove());
const runWithStubbedCurl = stub.run;
const markerMade = stub.markerMade;

// Each value tries to run `touch $MARKER` in a different way.
const nasty = {
  url: "http://a.test/x?q='$(touch $MARKER)'&b=`touch $MARKER`&c=\"$(touch $MARKER)\"",
  header: "it's $(touch $MARKER) `touch $MARKER` \\ \"quoted\" ! !! $HOME ${HOME}",
  bodyWithNewlines: "line 1 'a'\nline 2 $(touch $MARKER)\r\n`touch $MARKER`\ttab\\n not a newline \\' !$ \u0001 end",
};

describe('Copy as cURL, run by bash', () => {
  it('passes a GET with plain values through unchanged', () => {
    const argv = runWithStubbedCurl(toCurl({ url: 'http://a.test/plain?x=1', method: 'GET', requestHeaders: [{ name: 'Accept', value: 'text/html' }], postData: undefined }));
    expect(argv).toEqual(['http://a.test/plain?x=1', '-H', 'Accept: text/html']);
  });

  it('passes quotes, $(), backticks and newlines in the URL, a header and the body exactly, and runs nothing', () => {
    const command = toCurl({
      url: nasty.url,
      method: 'PUT',
      requestHeaders: [
        { name: 'X-Evil', value: nasty.header },
        { name: 'X-Lines', value: 'a\nb $(touch $MARKER)' },
        { name: 'Host', value: 'a.test' },
        { name: ':path', value: '/x' },
      ],
      postData: nasty.bodyWithNewlines,
    });
    const argv = runWithStubbedCurl(command);
    expect(markerMade()).toBe(false);
    expect(argv).toEqual([nasty.url, '-X', 'PUT', '-H', `X-Evil: ${nasty.header}`, '-H', 'X-Lines: a\nb $(touch $MARKER)', '--data-raw', nasty.bodyWithNewlines]);
  });

  it('keeps characters outside ASCII, C1 controls included, byte for byte', () => {
    const value = 'caf\u00e9 \u0085 \u009f \u2028 \u{1F600} \u007f';
    const argv = runWithStubbedCurl(toCurl({ url: 'http://a.test/u', method: 'POST', requestHeaders: [], postData: value }));
    expect(argv).toEqual(['http://a.test/u', '--data-raw', value]);
  });

  it('the stub itself works: an unquoted $() would run (so the checks above mean something)', () => {
    runWithStubbedCurl('curl "$(touch $MARKER)"');
    expect(markerMade()).toBe(true);
  });
});
