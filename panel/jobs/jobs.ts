// The messages between the panel and its jobs worker, and the handle a running job gives back.
import type { RedactionReport } from '../../src/core/redact/redact-har.ts';
import type { ExportRequest } from './export-job.ts';
import type { ImportResult } from './import-job.ts';

export type JobRequest =
  | { type: 'import'; id: number; file: Blob; fileName: string }
  | { type: 'preview'; id: number; req: ExportRequest }
  | { type: 'export'; id: number; req: ExportRequest }
  | { type: 'cancel'; id: number };

export type JobMessage =
  | { type: 'progress'; id: number; phase: string; done: number; total: number }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'error'; id: number; message: string; cancelled: boolean };

export interface ExportResult {
  blob: Blob;
  report: RedactionReport | undefined;
  entries: number;
}

export type JobResult = { import: ImportResult; preview: RedactionReport; export: ExportResult };

export interface Job<T> {
  promise: Promise<T>;
  cancel(): void;
}

export type OnProgress = (phase: string, done: number, total: number) => void;
