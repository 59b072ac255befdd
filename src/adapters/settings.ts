// User settings the service worker reads, kept in chrome.storage.local: how long recordings are
// kept, and what the last retention run did (the Sessions view shows it).
import browser from 'webextension-polyfill';
import { DEFAULT_RETENTION, checkRetention, type RetentionSettings } from '../core/retention.ts';
import { DEFAULT_BODY_LIMITS, checkBodyLimits, type BodyLimits } from '../core/bodies.ts';

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

const BODY_LIMITS_KEY = 'netlens.bodyLimits';

/** The saved limits for response bodies (issue 19), or the defaults when none (or unreadable ones) are saved. */
export async function readBodyLimits(): Promise<BodyLimits> {
  const saved = (await browser.storage.local.get(BODY_LIMITS_KEY))[BODY_LIMITS_KEY];
  const checked = saved === undefined ? DEFAULT_BODY_LIMITS : checkBodyLimits(saved);
  return typeof checked === 'string' ? DEFAULT_BODY_LIMITS : checked;
}

export async function saveBodyLimits(limits: BodyLimits): Promise<void> {
  await browser.storage.local.set({ [BODY_LIMITS_KEY]: limits });
}
