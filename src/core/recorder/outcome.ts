/** What one event did to the records, so the recorder can count it and bump its version. */
export type Outcome =
  /** Records changed. */
  | 'changed'
  /** Nothing changed: the event repeated one already applied. */
  | 'duplicate'
  /** Nothing changed: the request, socket or target it names never appeared. */
  | 'orphan'
  /** Nothing changed, and nothing is wrong (e.g. a priority set to what it was). */
  | 'none';
