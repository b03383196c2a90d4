/**
 * The "Last update: ..." line shown under an article.
 */
import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import { isValidTimeZone, type NewsSettings } from '../settings/news';
import { dateFnsLocale, DEFAULT_LAST_UPDATE_LABEL, type LocaleWords } from '../settings/locales';

export interface LastUpdate {
  /** ISO-8601 UTC instant, for `<time datetime>`. */
  datetime: string;
  /** The instant formatted with `dateFormat` in `timeZone`. */
  formatted: string;
  /** `<label of the locale> <formatted>`: `Last update: …`, `Letzte Aktualisierung: …` */
  label: string;
  timeZone: string;
}

export const LAST_UPDATE_PREFIX = `${DEFAULT_LAST_UPDATE_LABEL} `;

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

/** The dates the "Last update" rule reads; `correctedAt` is the time of the article's latest public correction. */
export interface LastUpdateDates {
  lastUpdatedAt?: string | Date | null;
  publishedAt?: string | Date | null;
  correctedAt?: string | Date | null;
}

/**
 * The instant an article was last updated: `lastUpdatedAt` when an editor set it, else the later of
 * `publishedAt` and `correctedAt` (a correction moves it; a later republication moves it again); null
 * without `publishedAt` (a correction alone never dates a draft). Empty or unparseable values count as unset. Always returns a fresh Date (never the caller's
 * instance). Its SQL form is `lastUpdateSql` (src/reader/queries/last-update.ts).
 */
export function lastUpdateInstant(article: LastUpdateDates): Date | null {
  if (typeof article !== 'object' || article === null) return null;
  const edited = toInstant(article.lastUpdatedAt);
  if (edited) return edited;
  const published = toInstant(article.publishedAt);
  const corrected = toInstant(article.correctedAt);
  return published && corrected && corrected.getTime() > published.getTime() ? corrected : published;
}

/**
 * Formats `instant` for display in `settings.timeZone` using the date-fns
 * pattern `settings.dateFormat`, with a locale's day and month names and label when `settings` are a
 * locale's words (src/settings/locales.ts; English otherwise). Throws RangeError for an invalid Date, an
 * unknown time zone or a pattern date-fns rejects.
 */
export function formatLastUpdate(
  instant: Date,
  settings: Pick<NewsSettings, 'timeZone' | 'dateFormat'> & Partial<Pick<LocaleWords, 'dateLocale' | 'lastUpdateLabel'>>,
): LastUpdate {
  const { timeZone, dateFormat } = settings;
  const locale = settings.dateLocale ? dateFnsLocale(settings.dateLocale) : undefined;
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError('formatLastUpdate: instant is not a valid Date');
  }
  if (!isValidTimeZone(timeZone)) {
    throw new RangeError(`formatLastUpdate: ${JSON.stringify(timeZone)} is not an IANA time zone`);
  }
  const formatted = format(new TZDate(instant.getTime(), timeZone), dateFormat, locale ? { locale } : undefined);
  return {
    datetime: instant.toISOString(),
    formatted,
    label: `${settings.lastUpdateLabel ?? DEFAULT_LAST_UPDATE_LABEL} ${formatted}`,
    timeZone,
  };
}
