/**
 * The "Last update: ..." line shown under an article.
 */
import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import { isValidTimeZone, type NewsSettings } from '../settings/news';

export interface LastUpdate {
  /** ISO-8601 UTC instant, for `<time datetime>`. */
  datetime: string;
  /** The instant formatted with `dateFormat` in `timeZone`. */
  formatted: string;
  /** `Last update: <formatted>` */
  label: string;
  timeZone: string;
}

export const LAST_UPDATE_PREFIX = 'Last update: ';

function toInstant(value: unknown): Date | null {
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time) ? null : new Date(time);
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  }
  return null;
}

/**
 * The instant an article was last updated: `lastUpdatedAt` when set, else
 * `publishedAt`, else null. Empty or unparseable values count as unset.
 * Always returns a fresh Date (never the caller's instance).
 */
export function lastUpdateInstant(article: { lastUpdatedAt?: string | Date | null; publishedAt?: string | Date | null }): Date | null {
  if (typeof article !== 'object' || article === null) return null;
  return toInstant(article.lastUpdatedAt) ?? toInstant(article.publishedAt);
}

/**
 * Formats `instant` for display in `settings.timeZone` using the date-fns
 * pattern `settings.dateFormat`. Throws RangeError for an invalid Date, an
 * unknown time zone or a pattern date-fns rejects.
 */
export function formatLastUpdate(instant: Date, settings: Pick<NewsSettings, 'timeZone' | 'dateFormat'>): LastUpdate {
  const { timeZone, dateFormat } = settings;
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError('formatLastUpdate: instant is not a valid Date');
  }
  if (!isValidTimeZone(timeZone)) {
    throw new RangeError(`formatLastUpdate: ${JSON.stringify(timeZone)} is not an IANA time zone`);
  }
  const formatted = format(new TZDate(instant.getTime(), timeZone), dateFormat);
  return {
    datetime: instant.toISOString(),
    formatted,
    label: `${LAST_UPDATE_PREFIX}${formatted}`,
    timeZone,
  };
}
