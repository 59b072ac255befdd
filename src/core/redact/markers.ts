// The markers redaction writes and its nesting bound, in a file of their own so that the field
// redactors (text, url, markup, …) and the Scrubber that calls them do not import each other.
export const REDACTED = '[REDACTED]';
/** In URLs the marker stays readable and needs no escaping. */
export const REDACTED_IN_URL = 'REDACTED';
/** How many times a value may be decoded inside another (a URL in a parameter in a URL…) before it is dropped whole. */
export const MAX_NESTING = 6;
