// The panel's analysis worker: folds the open session and runs the pool and cache analyses off the
// panel's main thread, so a 100,000-request session never freezes the panel (and a long import in
// the jobs worker never stalls an analysis). Wiring only: the work is in analysis-service.ts, the
// storage in the storage adapter. comlink carries the calls (see docs/ARCHITECTURE.md).
import * as Comlink from 'comlink';
import { openDb } from '../../src/adapters/storage/db.ts';
import { SessionStore } from '../../src/adapters/storage/sessions.ts';
import { createAnalysisService } from './analysis-service.ts';

const db = openDb();
const store = new SessionStore(db);
Comlink.expose(
  createAnalysisService({
    pages: (sessionId, fromSeq, pageSize) => store.pages(sessionId, pageSize, fromSeq),
    warm: async () => {
      await db.open();
    },
  }),
);
