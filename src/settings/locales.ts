/**
 * The newsroom's locales: which one readers get by default, which one stands in for a missing
 * translation, and the words and dates of each locale's pages.
 *
 *   NEWS_DEFAULT_LOCALE          the locale of a request that names none, and the admin's default   (default en)
 *   NEWS_LOCALE_FALLBACK         the locale served when a page has no translation in the asked one  (default: none, 404)
 *   NEWS_LOCALE_<TAG>_<SETTING>  one setting of one locale, <TAG> the locale code in capitals with `_` for `-`
 *                                (NEWS_LOCALE_DE_TIMEZONE, NEWS_LOCALE_PT_BR_DATE_FORMAT):
 *     TIMEZONE          IANA time zone of its "Last update" lines          (default NEWS_TIMEZONE)
 *     DATE_FORMAT       date-fns pattern of its "Last update" lines        (default NEWS_DATE_FORMAT)
 *     DATE_LOCALE       date-fns locale for day and month names (de, fr, enGB, pt-BR) (default en-US)
 *     LAST_UPDATE_LABEL the words before the date                          (default "Last update:")
 *     MORE_FROM_TITLE   the "More from" title, `{section}` the section's name (default "More from {section}")
 *
 * A locale without variables of its own reads like the default settings (English words). Which locales
 * exist is the admin's choice (Settings › Internationalization); these only say how each one reads.
 * Every problem names its variable, and so its locale.
 */
import type { Locale } from 'date-fns';
import * as dateFnsLocales from 'date-fns/locale';
import { valueOf, type Env } from './env';

/** The words and dates of one locale's pages. */
export interface LocaleWords {
  timeZone: string;
  dateFormat: string;
  /** The date-fns locale's name as configured (`de`, `enUS`). */
  dateLocale: string;
  lastUpdateLabel: string;
  /** With `{section}` where the section's name goes. */
  moreFromTitle: string;
}

export interface LocaleSettings {
  defaultLocale: string;
  fallbackLocale: string | null;
  /** Locale code (lower case) → its own words; other locales read `defaults`. */
  words: Readonly<Record<string, LocaleWords>>;
  /** The words of a locale without settings of its own. */
  defaults: LocaleWords;
}

export const DEFAULT_LOCALE = 'en';
export const DEFAULT_DATE_LOCALE = 'enUS';
export const DEFAULT_LAST_UPDATE_LABEL = 'Last update:';
export const DEFAULT_MORE_FROM_TITLE = 'More from {section}';

/** A locale code as Strapi's i18n takes it: a language, then optional script/region/variant subtags (`en`, `pt-BR`, `zh-Hant-TW`). */
export const LOCALE_CODE_PATTERN = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/;
export const LOCALE_CODE_MAX_LENGTH = 35;

export const isLocaleCode = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= LOCALE_CODE_MAX_LENGTH && LOCALE_CODE_PATTERN.test(value);

/** The form locales are compared in: lower case (`pt-BR` and `pt-br` are one locale). */
export const localeKey = (code: string) => code.toLowerCase();

const SETTING_NAMES = ['TIMEZONE', 'DATE_FORMAT', 'DATE_LOCALE', 'LAST_UPDATE_LABEL', 'MORE_FROM_TITLE'] as const;
type SettingName = (typeof SETTING_NAMES)[number];
const PREFIX = 'NEWS_LOCALE_';
const VARIABLE = new RegExp(`^${PREFIX}([A-Z0-9]+(?:_[A-Z0-9]+)*?)_(${SETTING_NAMES.join('|')})$`);

/** The date-fns locale of a configured name: `de`, `enGB`, `en-GB` and `en_GB` all name one. */
export function dateFnsLocale(name: string): Locale | undefined {
  const key = name.replace(/[-_]([A-Za-z0-9]+)/g, (_match, part: string) => part.toUpperCase());
  const table = dateFnsLocales as unknown as Record<string, Locale | undefined>;
  const found = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
  return found && typeof found === 'object' && typeof found.code === 'string' ? found : undefined;
}

/** Characters that have no place in a label or title (control characters, markup brackets). */
const UNFIT_TEXT = /[\p{Cc}<>]/u;
const TEXT_MAX_LENGTH = 100;

function textProblem(value: string, needsSection: boolean): string | null {
  if (value.length > TEXT_MAX_LENGTH) return `is longer than ${TEXT_MAX_LENGTH} characters`;
  if (UNFIT_TEXT.test(value)) return 'holds control characters or < >';
  if (needsSection && !value.includes('{section}')) return 'has no {section} for the section name (example: More from {section})';
  return null;
}

export interface LocaleSettingsChecks {
  /** Why a time zone is unusable, or null. */
  timeZoneProblem(value: string): string | null;
  /** Why a date-fns pattern is unusable with this date locale, or null. */
  dateFormatProblem(pattern: string, locale: Locale): string | null;
}

/**
 * Reads the locale settings; `base` holds NEWS_TIMEZONE and NEWS_DATE_FORMAT as read already (the
 * defaults of every locale). Problems are added to `problems`, each naming its variable.
 */
export function readLocaleSettings(env: Env, base: { timeZone: string; dateFormat: string }, checks: LocaleSettingsChecks, problems: string[]): LocaleSettings {
  const code = (name: string): string | null => {
    const value = valueOf(env, name);
    if (value === undefined) return null;
    if (!isLocaleCode(value)) {
      problems.push(`${name} ${JSON.stringify(value)} is not a locale code (examples: en, de, pt-BR)`);
      return null;
    }
    return value;
  };
  const defaultLocale = code('NEWS_DEFAULT_LOCALE') ?? DEFAULT_LOCALE;
  const fallbackLocale = code('NEWS_LOCALE_FALLBACK');

  const defaults: LocaleWords = {
    timeZone: base.timeZone,
    dateFormat: base.dateFormat,
    dateLocale: DEFAULT_DATE_LOCALE,
    lastUpdateLabel: DEFAULT_LAST_UPDATE_LABEL,
    moreFromTitle: DEFAULT_MORE_FROM_TITLE,
  };

  // Every NEWS_LOCALE_<TAG>_<SETTING>, grouped by locale.
  const given = new Map<string, Map<SettingName, { name: string; value: string }>>();
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith(PREFIX) || name === 'NEWS_LOCALE_FALLBACK') continue;
    const value = valueOf(env, name);
    if (value === undefined) continue;
    const match = VARIABLE.exec(name);
    if (!match) {
      problems.push(`${name} is not a locale setting: expected ${PREFIX}<LOCALE>_<${SETTING_NAMES.join('|')}> (example: NEWS_LOCALE_DE_TIMEZONE)`);
      continue;
    }
    const [language, ...subtags] = match[1].split('_');
    const locale = localeKey([language, ...subtags].join('-'));
    if (!isLocaleCode(locale)) {
      problems.push(`${name}: ${JSON.stringify(match[1])} is not a locale code in capitals (examples: DE, PT_BR)`);
      continue;
    }
    const settings = given.get(locale) ?? new Map();
    settings.set(match[2], { name, value });
    given.set(locale, settings);
  }

  const words: Record<string, LocaleWords> = {};
  for (const [locale, settings] of given) {
    const read = (setting: SettingName) => settings.get(setting);
    const problem = (setting: { name: string; value: string }, why: string) =>
      problems.push(`${setting.name} ${JSON.stringify(setting.value)} (locale ${locale}) ${why}`);
    const own: LocaleWords = { ...defaults };

    const zone = read('TIMEZONE');
    if (zone) {
      const why = checks.timeZoneProblem(zone.value);
      if (why) problem(zone, why);
      else own.timeZone = zone.value;
    }
    const dateLocale = read('DATE_LOCALE');
    let fnsLocale = dateFnsLocale(DEFAULT_DATE_LOCALE) as Locale;
    if (dateLocale) {
      const found = dateFnsLocale(dateLocale.value);
      if (!found) problem(dateLocale, 'is not a date-fns locale (examples: de, fr, enGB, ptBR)');
      else {
        own.dateLocale = dateLocale.value;
        fnsLocale = found;
      }
    }
    const pattern = read('DATE_FORMAT');
    if (pattern) {
      const why = checks.dateFormatProblem(pattern.value, fnsLocale);
      if (why) problem(pattern, `is not a usable date-fns format pattern: ${why}`);
      else own.dateFormat = pattern.value;
    }
    for (const [setting, key, needsSection] of [
      ['LAST_UPDATE_LABEL', 'lastUpdateLabel', false],
      ['MORE_FROM_TITLE', 'moreFromTitle', true],
    ] as const) {
      const text = read(setting);
      if (!text) continue;
      const why = textProblem(text.value, needsSection);
      if (why) problem(text, why);
      else own[key] = text.value;
    }
    words[locale] = own;
  }
  return { defaultLocale, fallbackLocale, words, defaults };
}

/** The words and dates of `locale`'s pages. */
export function wordsOf(settings: Pick<LocaleSettings, 'words' | 'defaults'>, locale: string | null | undefined): LocaleWords {
  return (locale ? settings.words[localeKey(locale)] : undefined) ?? settings.defaults;
}

/** The "More from" title of a section in these words. */
export const moreFromTitleIn = (words: Pick<LocaleWords, 'moreFromTitle'>, sectionName: string) => words.moreFromTitle.split('{section}').join(sectionName);
