/**
 * Revision history (src/history/).
 *
 *   HISTORY_RETENTION_DAYS   versions older than this many days are removed by the hourly job, except the latest
 *                            version of each document (whole days, 1 to 36500). Unset: every version is kept.
 *                            Corrections are public record and never removed.
 */
import type { Core } from '@strapi/strapi';
import { collect, valueOf, type Env } from './env';

export interface HistorySettings {
  /** Days versions are kept, or null to keep them all. */
  retentionDays: number | null;
}

export const MAX_RETENTION_DAYS = 36_500;

export function readHistorySettings(env: Env = process.env): HistorySettings {
  return collect((problems) => {
    const raw = valueOf(env, 'HISTORY_RETENTION_DAYS');
    if (raw === undefined) return { retentionDays: null };
    const days = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
    if (!(days >= 1 && days <= MAX_RETENTION_DAYS)) {
      problems.push(`HISTORY_RETENTION_DAYS "${raw}" must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}, or unset to keep every version`);
      return { retentionDays: null };
    }
    return { retentionDays: days };
  });
}

/** The settings read at start-up (config/history.ts). */
export const historySettings = (strapi: Core.Strapi): HistorySettings => strapi.config.get<HistorySettings>('history');
