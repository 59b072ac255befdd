// HAR's content.text for an event stream (issue 19): a session that recorded bodies stores none
// for a stream (its reason is `event-stream`), so the export writes the body reconstructed from
// the stream's messages (src/core/stream-body.ts) with `content._netlensStreamBody` saying so
// (where the messages came from, how many, whether it is complete, and why not). The text goes
// through the same redaction pass as every body; strict drops it.
import type { HarBuildContext, HarSource } from './build.ts';
import { streamBodyIndex } from '../stream-body.ts';

/** The context with its body look-up widened to event streams (unchanged when the session recorded no bodies). */
export function withStreamBodies(src: HarSource, ctx: HarBuildContext): HarBuildContext {
  const body = ctx.body;
  if (body === undefined) return ctx;
  let index: ReturnType<typeof streamBodyIndex> | undefined;
  return {
    ...ctx,
    body: (r) => {
      const b = body(r);
      if (b === undefined || b.text !== undefined || b.reason !== 'event-stream') return b;
      index ??= streamBodyIndex(src);
      const s = index(r);
      if (s === undefined) return b;
      const { text, channelId: _channel, ...mark } = s;
      return { text, base64Encoded: false, stream: mark };
    },
  };
}
