/**
 * Newsroom display settings read from environment variables.
 *
 *   NEWS_TIMEZONE         IANA time zone for "Last update" lines   (default UTC)
 *   NEWS_DATE_FORMAT      date-fns format pattern                  (default EEE, dd/MM/yyyy - HH:mm)
 *   NEWS_MORE_FROM_LIMIT  items in a "More from" list, 1-20        (default 5)
 *   NEWS_CACHE_MAX_AGE    Cache-Control max-age in seconds, >= 0   (default 60)
 *   NEWS_DEFAULT_LOCALE, NEWS_LOCALE_FALLBACK, NEWS_LOCALE_<TAG>_<SETTING>: the locales (./locales.ts)
 *
 * Values are trimmed; an unset, empty or whitespace-only variable means the default.
 */
import type { Core } from '@strapi/strapi';
import { format, type Locale } from 'date-fns';
import { collect, readInteger, valueOf, type Env } from './env';
import { readLocaleSettings, type LocaleSettings } from './locales';

export interface NewsSettings {
  timeZone: string;
  dateFormat: string;
  moreFromLimit: number;
  cacheMaxAge: number;
  /** The locales' words and dates, the default locale and the fallback (./locales.ts). */
  locales: LocaleSettings;
}

export const DEFAULT_NEWS_SETTINGS: Readonly<Omit<NewsSettings, 'locales'>> = Object.freeze({
  timeZone: 'UTC',
  dateFormat: 'EEE, dd/MM/yyyy - HH:mm',
  moreFromLimit: 5,
  cacheMaxAge: 60,
});

export const MORE_FROM_LIMIT_MIN = 1;
export const MORE_FROM_LIMIT_MAX = 20;

/** Zones already found valid: building an Intl.DateTimeFormat to check costs ~50 µs, on every "Last update". */
const validTimeZones = new Set<string>();

/** True when `Intl` knows `timeZone` (IANA names, case-insensitive, plus links such as `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  if (validTimeZones.has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    validTimeZones.add(timeZone);
    return true;
  } catch {
    return false;
  }
}

// A fixed instant used to try a pattern out.
const PROBE_DATE = new Date(Date.UTC(2016, 4, 17, 19, 42, 0));

/**
 * Returns why `pattern` is not usable with date-fns `format`, or null if it is.
 * A pattern is unusable when `format` throws (unescaped latin letters, `YYYY`,
 * `DD`, ...) or when it produces only whitespace or nothing at all.
 */
export function dateFormatProblem(pattern: string, locale?: Locale): string | null {
  let output: string;
  // date-fns also warns about a refused token (`YYYY`): kept only when the pattern is usable, so each problem is one line.
  const warnings: unknown[][] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args);
  try {
    output = format(PROBE_DATE, pattern, locale ? { locale } : undefined);
    for (const args of warnings) warn(...args);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const protectedToken = /^Use `([^`]+)` instead of `([^`]+)`/.exec(reason);
    return protectedToken ? `use \`${protectedToken[1]}\` instead of \`${protectedToken[2]}\`` : reason;
  } finally {
    console.warn = warn;
  }
  return output.trim() === '' ? 'it formats to an empty string' : null;
}

/**
 * Reads and validates the newsroom settings. Throws one `SettingsError`
 * listing every invalid variable (one per line, naming the variable, the bad
 * value and what is expected).
 */
export function readNewsSettings(env: Env = process.env): NewsSettings {
  return collect((problems) => newsSettingsFrom(env, problems));
}

function newsSettingsFrom(env: Env, problems: string[]): NewsSettings {
  const timeZone = valueOf(env, 'NEWS_TIMEZONE') ?? DEFAULT_NEWS_SETTINGS.timeZone;
  if (!isValidTimeZone(timeZone)) {
    problems.push(`NEWS_TIMEZONE ${JSON.stringify(timeZone)} is not an IANA time zone (example: Europe/Berlin)`);
  }

  const dateFormat = valueOf(env, 'NEWS_DATE_FORMAT') ?? DEFAULT_NEWS_SETTINGS.dateFormat;
  const formatProblem = dateFormatProblem(dateFormat);
  if (formatProblem !== null) {
    problems.push(
      `NEWS_DATE_FORMAT ${JSON.stringify(dateFormat)} is not a usable date-fns format pattern: ${formatProblem} ` +
        `(example: ${DEFAULT_NEWS_SETTINGS.dateFormat})`,
    );
  }

  const moreFromLimit = readInteger(
    env,
    'NEWS_MORE_FROM_LIMIT',
    DEFAULT_NEWS_SETTINGS.moreFromLimit,
    MORE_FROM_LIMIT_MIN,
    MORE_FROM_LIMIT_MAX,
    `an integer from ${MORE_FROM_LIMIT_MIN} to ${MORE_FROM_LIMIT_MAX} (example: ${DEFAULT_NEWS_SETTINGS.moreFromLimit})`,
    problems,
  );

  const cacheMaxAge = readInteger(
    env,
    'NEWS_CACHE_MAX_AGE',
    DEFAULT_NEWS_SETTINGS.cacheMaxAge,
    0,
    Number.MAX_SAFE_INTEGER,
    `an integer number of seconds >= 0 (example: ${DEFAULT_NEWS_SETTINGS.cacheMaxAge})`,
    problems,
  );

  const locales = readLocaleSettings(
    env,
    { timeZone, dateFormat },
    {
      timeZoneProblem: (zone) => (isValidTimeZone(zone) ? null : 'is not an IANA time zone (example: Europe/Berlin)'),
      dateFormatProblem,
    },
    problems,
  );

  return { timeZone, dateFormat, moreFromLimit, cacheMaxAge, locales };
}

/** The settings read at start-up (config/news.ts), for the reader and the preview. */
export const newsSettings = (strapi: Core.Strapi): NewsSettings => strapi.config.get<NewsSettings>('news');
