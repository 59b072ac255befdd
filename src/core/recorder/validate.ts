// Shape checks for the params of every event the recorder handles. A log can come from anywhere
// (an import, an old capture, a hand-edited file): params that lack what the handler relies on are
// counted as malformed instead of throwing half-way through a fold. Only what is used is checked,
// and only cheaply (typeof), because this runs for every event.
import type { CdpParams } from '../cdp.ts';

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null;
const isStr = (x: unknown): x is string => typeof x === 'string';
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x); // not NaN or Infinity
const optStr = (x: unknown) => x === undefined || typeof x === 'string';
const optNum = (x: unknown) => x === undefined || isNum(x);
const optObj = (x: unknown) => x === undefined || isObj(x);

function isTiming(x: unknown): boolean {
  return x === undefined || (isObj(x) && isNum(x.requestTime));
}

function isResponse(x: unknown): boolean {
  return isObj(x) && isStr(x.url) && isNum(x.status) && optStr(x.statusText) && optObj(x.headers) && optNum(x.encodedDataLength) &&
    optNum(x.connectionId) && isTiming(x.timing) && optObj(x.securityDetails);
}

const withRequestId = (p: unknown): p is Obj & { requestId: string } => isObj(p) && isStr(p.requestId);
const timed = (p: unknown): p is Obj & { requestId: string; timestamp: number } => withRequestId(p) && isNum(p.timestamp);

/** One guard per handled event; the keys are checked against the protocol's event names. */
export const guards: { [M in HandledEvent]: (p: unknown) => p is CdpParams<M> } = {
  'Network.requestWillBeSent': (p): p is CdpParams<'Network.requestWillBeSent'> =>
    timed(p) && isObj(p.request) && isStr(p.request.url) && isStr(p.request.method) && optObj(p.request.headers) && optNum(p.wallTime) &&
    (p.redirectResponse === undefined || isResponse(p.redirectResponse)) && optStr(p.type) && optObj(p.initiator),
  'Network.requestWillBeSentExtraInfo': (p): p is CdpParams<'Network.requestWillBeSentExtraInfo'> =>
    withRequestId(p) && isObj(p.headers) && (p.connectTiming === undefined || (isObj(p.connectTiming) && optNum(p.connectTiming.requestTime))),
  'Network.responseReceivedExtraInfo': (p): p is CdpParams<'Network.responseReceivedExtraInfo'> =>
    withRequestId(p) && isObj(p.headers) && isNum(p.statusCode) && optStr(p.headersText),
  'Network.responseReceived': (p): p is CdpParams<'Network.responseReceived'> => timed(p) && isResponse(p.response) && optStr(p.type),
  'Network.dataReceived': (p): p is CdpParams<'Network.dataReceived'> => timed(p) && isNum(p.dataLength) && optNum(p.encodedDataLength),
  'Netlens.streamResourceContent': (p): p is CdpParams<'Netlens.streamResourceContent'> => withRequestId(p) && optStr(p.bufferedData) && optStr(p.error),
  'Netlens.streamBody': (p): p is CdpParams<'Netlens.streamBody'> => withRequestId(p) && optStr(p.body) && optStr(p.error),
  'Network.loadingFinished': (p): p is CdpParams<'Network.loadingFinished'> =>
    timed(p) && isNum(p.encodedDataLength) && optNum(p.encodedBodyLength),
  'Network.loadingFailed': (p): p is CdpParams<'Network.loadingFailed'> => timed(p) && isStr(p.errorText) && optStr(p.blockedReason) && optObj(p.corsErrorStatus),
  'Network.requestServedFromCache': (p): p is CdpParams<'Network.requestServedFromCache'> => withRequestId(p),
  'Network.resourceChangedPriority': (p): p is CdpParams<'Network.resourceChangedPriority'> => withRequestId(p) && isStr(p.newPriority),
  'Network.webSocketCreated': (p): p is CdpParams<'Network.webSocketCreated'> => withRequestId(p) && isStr(p.url) && optObj(p.initiator),
  'Network.webSocketWillSendHandshakeRequest': (p): p is CdpParams<'Network.webSocketWillSendHandshakeRequest'> =>
    timed(p) && optNum(p.wallTime) && isObj(p.request) && optObj(p.request.headers),
  'Network.webSocketHandshakeResponseReceived': (p): p is CdpParams<'Network.webSocketHandshakeResponseReceived'> =>
    timed(p) && isObj(p.response) && isNum(p.response.status) && optStr(p.response.statusText) && optObj(p.response.headers) &&
    optStr(p.response.headersText) && optObj(p.response.requestHeaders),
  'Network.webSocketFrameSent': (p): p is CdpParams<'Network.webSocketFrameSent'> =>
    timed(p) && isObj(p.response) && isNum(p.response.opcode) && isStr(p.response.payloadData),
  'Network.webSocketFrameReceived': (p): p is CdpParams<'Network.webSocketFrameReceived'> =>
    timed(p) && isObj(p.response) && isNum(p.response.opcode) && isStr(p.response.payloadData),
  'Network.webSocketFrameError': (p): p is CdpParams<'Network.webSocketFrameError'> => timed(p) && isStr(p.errorMessage),
  'Network.webSocketClosed': (p): p is CdpParams<'Network.webSocketClosed'> => timed(p),
  'Network.eventSourceMessageReceived': (p): p is CdpParams<'Network.eventSourceMessageReceived'> =>
    timed(p) && isStr(p.eventName) && isStr(p.eventId) && isStr(p.data),
  'Page.frameNavigated': (p): p is CdpParams<'Page.frameNavigated'> =>
    isObj(p) && isObj(p.frame) && isStr(p.frame.id) && isStr(p.frame.loaderId) && isStr(p.frame.url) && optStr(p.frame.parentId),
  'Page.frameStartedNavigating': (p): p is CdpParams<'Page.frameStartedNavigating'> =>
    isObj(p) && isStr(p.frameId) && isStr(p.loaderId) && isStr(p.navigationType),
  'Page.domContentEventFired': (p): p is CdpParams<'Page.domContentEventFired'> => isObj(p) && isNum(p.timestamp),
  'Page.loadEventFired': (p): p is CdpParams<'Page.loadEventFired'> => isObj(p) && isNum(p.timestamp),
  'Target.attachedToTarget': (p): p is CdpParams<'Target.attachedToTarget'> =>
    isObj(p) && isStr(p.sessionId) && isObj(p.targetInfo) && isStr(p.targetInfo.targetId) && isStr(p.targetInfo.type) && isStr(p.targetInfo.url),
  'Target.detachedFromTarget': (p): p is CdpParams<'Target.detachedFromTarget'> => isObj(p) && isStr(p.sessionId),
  'Audits.issueAdded': (p): p is CdpParams<'Audits.issueAdded'> => isObj(p) && isObj(p.issue) && isStr(p.issue.code) && isObj(p.issue.details),
  'Target.targetInfoChanged': (p): p is CdpParams<'Target.targetInfoChanged'> =>
    isObj(p) && isObj(p.targetInfo) && isStr(p.targetInfo.targetId) && isStr(p.targetInfo.url),
};

/** The events the recorder folds; every other method is counted as unhandled. */
export type HandledEvent =
  | 'Network.requestWillBeSent'
  | 'Audits.issueAdded'
  | 'Network.requestWillBeSentExtraInfo'
  | 'Network.responseReceivedExtraInfo'
  | 'Network.responseReceived'
  | 'Network.dataReceived'
  | 'Netlens.streamResourceContent'
  | 'Netlens.streamBody'
  | 'Network.loadingFinished'
  | 'Network.loadingFailed'
  | 'Network.requestServedFromCache'
  | 'Network.resourceChangedPriority'
  | 'Network.webSocketCreated'
  | 'Network.webSocketWillSendHandshakeRequest'
  | 'Network.webSocketHandshakeResponseReceived'
  | 'Network.webSocketFrameSent'
  | 'Network.webSocketFrameReceived'
  | 'Network.webSocketFrameError'
  | 'Network.webSocketClosed'
  | 'Network.eventSourceMessageReceived'
  | 'Page.frameNavigated'
  | 'Page.frameStartedNavigating'
  | 'Page.domContentEventFired'
  | 'Page.loadEventFired'
  | 'Target.attachedToTarget'
  | 'Target.detachedFromTarget'
  | 'Target.targetInfoChanged';
