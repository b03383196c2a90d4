/**
 * The locales of the reader API: which ones exist (the admin's Settings › Internationalization, Strapi's
 * `@strapi/i18n`), which one a request asks for, and the one default. Every reader surface takes its
 * locale from `readerLocale`, so that a request names a locale the same way everywhere: absent means
 * NEWS_DEFAULT_LOCALE; a code the admin does not offer is a 400 naming those it does.
 *
 * Articles, sections and teasers are localised (their schemas): each locale of a document is a row of
 * its own, with its own draft, publication and schedule, its own slug (unique within its locale) and
 * its own relations (a German article is filed in the German row of its section, so "More from" of a
 * German page lists German articles only).
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { newsSettings } from '../settings/news';
import { isLocaleCode, localeKey, wordsOf, type LocaleWords } from '../settings/locales';

const LOCALE_UID = 'plugin::i18n.locale';

/** How long one instance trusts its list of locales: a locale added in the admin is served by every instance within this time. */
export const OFFERED_LOCALES_TTL_MS = 5_000;

interface Offered {
  /** Lower-case code → the code as stored (`pt-br` → `pt-BR`). */
  codes: Map<string, string>;
  readAt: number;
}

const cache = new WeakMap<object, Offered>();

/** The locales the admin offers, as stored, in code order. */
export async function offeredLocales(strapi: Core.Strapi): Promise<string[]> {
  return [...(await offered(strapi)).codes.values()].sort();
}

async function offered(strapi: Core.Strapi): Promise<Offered> {
  const known = cache.get(strapi);
  if (known && Date.now() - known.readAt < OFFERED_LOCALES_TTL_MS) return known;
  const rows: Array<{ code: string }> = await strapi.db.query(LOCALE_UID).findMany({ select: ['code'] });
  const fresh: Offered = { codes: new Map(rows.map((row) => [localeKey(row.code), row.code])), readAt: Date.now() };
  cache.set(strapi, fresh);
  return fresh;
}

/** Forgets the list of locales (after this instance changed it). */
export function forgetOfferedLocales(strapi: Core.Strapi): void {
  cache.delete(strapi);
}

/** Strapi i18n's locale service, as far as the newsroom uses it. */
interface I18nLocales {
  create(locale: { code: string; name: string }): Promise<unknown>;
  getDefaultLocale(): Promise<string>;
  setDefaultLocale(locale: { code: string }): Promise<void>;
}
const i18nLocales = (strapi: Core.Strapi): I18nLocales => strapi.plugin('i18n').service('locales');

/** Whether a content type is localised (its `pluginOptions.i18n.localized`): its rows each have a locale. */
export function isLocalizedType(strapi: Core.Strapi, uid: string): boolean {
  const model = strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as { pluginOptions?: { i18n?: { localized?: boolean } } } | undefined;
  return model?.pluginOptions?.i18n?.localized === true;
}

/** Strapi's default locale (where a write that names none goes); NEWS_DEFAULT_LOCALE after `ensureLocales`, unless an admin changed it since. */
export const strapiDefaultLocale = (strapi: Core.Strapi): Promise<string> => i18nLocales(strapi).getDefaultLocale();

/**
 * The rows one Document Service call works on, by locale, as a `where` part: the call's `locale`, Strapi's
 * default locale when it names none (as Strapi itself reads such a call), or every locale for `*`. The
 * newsroom's own rules (publication, schedules, history) look at the same rows the call changes, so that
 * publishing one locale never reads or changes another's.
 */
export async function callLocaleWhere(strapi: Core.Strapi, locale: unknown): Promise<{ locale?: string }> {
  if (locale === '*') return {};
  if (typeof locale === 'string' && locale !== '') return { locale };
  return { locale: await strapiDefaultLocale(strapi) };
}

/** NEWS_DEFAULT_LOCALE. */
export const defaultLocale = (strapi: Core.Strapi): string => newsSettings(strapi).locales.defaultLocale;

/** NEWS_LOCALE_FALLBACK, or null. */
export const fallbackLocale = (strapi: Core.Strapi): string | null => newsSettings(strapi).locales.fallbackLocale;

/** The words and dates of a locale's pages (NEWS_LOCALE_<TAG>_*). */
export const localeWords = (strapi: Core.Strapi, locale: string | null | undefined): LocaleWords => wordsOf(newsSettings(strapi).locales, locale);

/** Strapi's 400 for a `locale` parameter (query string or GraphQL argument). */
function refuse(param: string, message: string): never {
  throw new errors.ValidationError(message, { source: 'query', param, path: param, key: param });
}

/**
 * The locale a reader request asks for, as stored: `value` absent or empty → NEWS_DEFAULT_LOCALE;
 * anything but one offered locale code → a 400 that names the offered ones (they are public: every
 * page's alternates list them).
 */
export async function readerLocale(strapi: Core.Strapi, value: unknown, param = 'locale'): Promise<string> {
  if (value === undefined || value === null || value === '') return defaultLocale(strapi);
  if (!isLocaleCode(value)) {
    refuse(param, `${param} must be one of the offered locales: ${(await offeredLocales(strapi)).join(', ')} (got ${JSON.stringify(value).slice(0, 80)})`);
  }
  const found = (await offered(strapi)).codes.get(localeKey(value));
  if (found) return found;
  refuse(param, `${param} "${value}" is not offered; the locales are: ${(await offeredLocales(strapi)).join(', ')}`);
}

/**
 * Makes NEWS_DEFAULT_LOCALE (and NEWS_LOCALE_FALLBACK) offered locales, the default one Strapi's default
 * too (the admin's first locale, and the locale of content written without one). Run at every start.
 */
export async function ensureLocales(strapi: Core.Strapi): Promise<void> {
  const locales = i18nLocales(strapi);
  const wanted = [defaultLocale(strapi), fallbackLocale(strapi)].filter((code): code is string => code !== null);
  for (const code of new Set(wanted)) {
    if (await offeredCode(strapi, code)) continue;
    await locales.create({ code, name: localeName(code) });
    strapi.log.info(`Locale ${code} added (NEWS_DEFAULT_LOCALE / NEWS_LOCALE_FALLBACK)`);
  }
  const wantedDefault = (await offeredCode(strapi, defaultLocale(strapi))) ?? defaultLocale(strapi);
  if ((await locales.getDefaultLocale()) !== wantedDefault) await locales.setDefaultLocale({ code: wantedDefault });
  forgetOfferedLocales(strapi);
}

async function offeredCode(strapi: Core.Strapi, code: string): Promise<string | undefined> {
  forgetOfferedLocales(strapi);
  return (await offered(strapi)).codes.get(localeKey(code));
}

/** A locale's name as the admin lists it: `German (de)`. */
export function localeName(code: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/**
 * Creates a locale unless it is offered already (the seed's German, tests): as the admin's
 * Settings › Internationalization does.
 */
export async function addLocale(strapi: Core.Strapi, code: string): Promise<string> {
  const known = await offeredCode(strapi, code);
  if (known) return known;
  await i18nLocales(strapi).create({ code, name: localeName(code) });
  forgetOfferedLocales(strapi);
  return code;
}

/**
 * After the admin adds or deletes a locale: this instance's list is refreshed at once (others within
 * OFFERED_LOCALES_TTL_MS), and `onChange` runs (the newsroom roles get the new locale's permissions).
 */
export function followLocaleChanges(strapi: Core.Strapi, onChange: (added: string | null) => Promise<void>): void {
  strapi.db.lifecycles.subscribe({
    models: [LOCALE_UID],
    async afterCreate(event: { result?: { code?: unknown } }) {
      forgetOfferedLocales(strapi);
      await onChange(typeof event.result?.code === 'string' ? event.result.code : null);
    },
    async afterDelete() {
      forgetOfferedLocales(strapi);
      await onChange(null);
    },
  });
}

/** The localised types whose rows must each have a locale. */
const LOCALISED = ['api::article.article', 'api::section.section', 'api::teaser.teaser'] as const;

/**
 * Gives NEWS_DEFAULT_LOCALE to rows of the localised types written without a locale (around the Document
 * Service: an SQL import, a backup of before localisation, the benchmark's fill): a row without one is
 * in no locale, and no reader would ever see it. Returns the rows changed.
 */
export async function backfillLocale(strapi: Core.Strapi, knex: Core.Strapi['db']['connection'] = strapi.db.connection): Promise<number> {
  let changed = 0;
  for (const uid of LOCALISED) {
    const meta = strapi.db.metadata.get(uid);
    const column = (meta.attributes.locale as { columnName?: string } | undefined)?.columnName ?? 'locale';
    changed += Number(
      await knex(meta.tableName)
        .whereNull(column)
        .update({ [column]: defaultLocale(strapi) }),
    );
  }
  return changed;
}
