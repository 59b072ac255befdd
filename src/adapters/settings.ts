// User settings the service worker reads, kept in chrome.storage.local: how long recordings are
// kept, and what the last retention run did (the Sessions view shows it).
import browser from 'webextension-polyfill';
import { DEFAULT_RETENTION, checkRetention, type RetentionSettings } from '../core/retention.ts';

const RETENTION_KEY = 'netlens.retention';
const LAST_RUN_KEY = 'netlens.retention.last';

export interface RetentionRun {
  /** Epoch ms. */
  at: number;
  message: string;
  deleted: number;
}

/** The saved retention settings, or the defaults when none (or unreadable ones) are saved. */
export async function readRetention(): Promise<RetentionSettings> {
  const saved = (await browser.storage.local.get(RETENTION_KEY))[RETENTION_KEY];
  const checked = saved === undefined ? DEFAULT_RETENTION : checkRetention(saved);
  return typeof checked === 'string' ? DEFAULT_RETENTION : checked;
}

export async function saveRetention(settings: RetentionSettings): Promise<void> {
  await browser.storage.local.set({ [RETENTION_KEY]: settings });
}

export async function readLastRun(): Promise<RetentionRun | undefined> {
  return (await browser.storage.local.get(LAST_RUN_KEY))[LAST_RUN_KEY] as RetentionRun | undefined;
}

export async function saveLastRun(run: RetentionRun): Promise<void> {
  await browser.storage.local.set({ [LAST_RUN_KEY]: run });
}
