// The streams analysis (issue 17; WebSocket parts, issue 18, in websocket*.ts): one channel model
// for EventSource, fetch-read event streams, NDJSON, JSON sequences and WebSocket, as plain data.
export { analyseStreamsData, type StreamsOptions } from './event-stream-analyse.ts';
export { channelMessages, channelSources, lastIdOf, type ChannelSource, type MessageList, type StreamsInput } from './channels.ts';
export { bufferingSentence, END_WORDS, hintsOf, KIND_LABELS, reconnectSentence } from './event-stream-explain.ts';
export { DEFAULT_RETRY_MS } from './event-stream-health.ts';
export { holdSentence, kindWords, LONG_POLL_MS } from './event-stream-holds.ts';
export { quantile, STALL_MS } from './event-stream-stats.ts';
export type * from './types.ts';
