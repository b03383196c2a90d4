/**
 * The public site the feeds, sitemaps and structured data link to.
 *
 *   PUBLIC_SITE_URL    the reader site's address, e.g. https://news.example.com (unset: the feed and sitemap
 *                      routes answer 404 saying so, and `npm run doctor` warns; nothing else needs it)
 *   ARTICLE_PATH       an article's path on it, with {section} and {slug} (and {documentId}, {locale}) (default /{section}/{slug})
 *   SECTION_PATH       a section's path on it, with {section} (and {locale})                  (default /{section})
 *   SITE_NAME          the publication's name (feeds' title, news sitemap, publisher)         (default: the site's host name)
 *   SITE_LANGUAGE      the default locale's language as feeds declare it, a BCP 47 tag such as en or de-CH (default en);
 *                      used only while it is a form of NEWS_DEFAULT_LOCALE's language (see `languageOf`)
 *   FEED_ITEMS         articles in each RSS and JSON feed, 1-100                              (default 20)
 *   SITEMAP_PAGE_SIZE  article URLs per sitemap page, 1-50000                                 (default 50000)
 *
 * Values are trimmed; an unset, empty or whitespace-only variable means the default.
 *
 * Locales (src/distribution/links.ts): a path holding `{locale}` gets the locale's code there, for every
 * locale; a path without it serves NEWS_DEFAULT_LOCALE as it is and every other locale under a `/<locale>`
 * prefix (`/de/politik/wahl`).
 */
import type { Core } from '@strapi/strapi';
import { collect, readInteger, valueOf, type Env } from './env';
import { DEFAULT_LOCALE, isLocaleCode } from './locales';

export interface SiteSettings {
  /** PUBLIC_SITE_URL without a trailing slash; null when unset (the distribution routes are then off). */
  publicUrl: string | null;
  articlePath: string;
  sectionPath: string;
  /** SITE_NAME, or the host name of PUBLIC_SITE_URL, or "Newsroom". */
  name: string;
  /** SITE_LANGUAGE, canonical (`en`, `de-CH`). */
  language: string;
  feedItems: number;
  sitemapPageSize: number;
  /**
   * NEWS_DEFAULT_LOCALE (src/settings/locales.ts reports a bad one): the locale whose links have no
   * `/<locale>` prefix.
   */
  defaultLocale: string;
}

export const DEFAULT_ARTICLE_PATH = '/{section}/{slug}';
export const DEFAULT_SECTION_PATH = '/{section}';
export const DEFAULT_SITE_LANGUAGE = 'en';
export const DEFAULT_FEED_ITEMS = 20;
export const FEED_ITEMS_MAX = 100;
/** The sitemaps protocol's limit of URLs per file (sitemaps.org). */
export const SITEMAP_PAGE_SIZE_MAX = 50_000;

/** The placeholders a path template may hold. */
export const PATH_PLACEHOLDERS = ['section', 'slug', 'documentId', 'locale'] as const;
type Placeholder = (typeof PATH_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{([^{}]*)\}/g;

function pathProblem(name: string, value: string, required: Placeholder, allowed: readonly Placeholder[]): string | null {
  if (!value.startsWith('/')) return `${name} must start with "/" (got ${JSON.stringify(value)})`;
  if (/[?#\s]/.test(value)) return `${name} must be a path without query, fragment or spaces (got ${JSON.stringify(value)})`;
  const used = [...value.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
  const unknown = used.filter((placeholder) => !(allowed as readonly string[]).includes(placeholder));
  if (unknown.length > 0) return `${name} has an unknown placeholder {${unknown[0]}}: use ${allowed.map((p) => `{${p}}`).join(', ')}`;
  if (value.replace(PLACEHOLDER, '').includes('{') || value.replace(PLACEHOLDER, '').includes('}')) return `${name} has an unclosed brace`;
  if (!used.includes(required)) return `${name} must contain {${required}} (got ${JSON.stringify(value)})`;
  return null;
}

function canonicalLanguage(value: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(value);
    return canonical ?? null;
  } catch {
    return null;
  }
}

export function readSiteSettings(env: Env = process.env): SiteSettings {
  return collect((problems) => {
    const rawUrl = valueOf(env, 'PUBLIC_SITE_URL');
    let publicUrl: string | null = null;
    if (rawUrl !== undefined) {
      try {
        const url = new URL(rawUrl);
        if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) throw new Error();
        publicUrl = url.href.replace(/\/+$/, '');
      } catch {
        problems.push(`PUBLIC_SITE_URL must be an absolute http(s) URL without query or credentials, such as https://news.example.com (got "${rawUrl}")`);
      }
    }
    const articlePath = valueOf(env, 'ARTICLE_PATH') ?? DEFAULT_ARTICLE_PATH;
    const articleProblem = pathProblem('ARTICLE_PATH', articlePath, 'slug', PATH_PLACEHOLDERS);
    if (articleProblem) problems.push(articleProblem);
    const sectionPath = valueOf(env, 'SECTION_PATH') ?? DEFAULT_SECTION_PATH;
    const sectionProblem = pathProblem('SECTION_PATH', sectionPath, 'section', ['section', 'locale']);
    if (sectionProblem) problems.push(sectionProblem);

    const rawLanguage = valueOf(env, 'SITE_LANGUAGE') ?? DEFAULT_SITE_LANGUAGE;
    const language = canonicalLanguage(rawLanguage);
    if (!language) problems.push(`SITE_LANGUAGE must be a language tag such as en, fr or de-CH (got "${rawLanguage}")`);

    const name = valueOf(env, 'SITE_NAME') ?? (publicUrl ? new URL(publicUrl).hostname : 'Newsroom');
    if (name.length > 200) problems.push('SITE_NAME must be at most 200 characters');

    const feedItems = readInteger(env, 'FEED_ITEMS', DEFAULT_FEED_ITEMS, 1, FEED_ITEMS_MAX, `an integer from 1 to ${FEED_ITEMS_MAX}`, problems);
    const sitemapPageSize = readInteger(
      env,
      'SITEMAP_PAGE_SIZE',
      SITEMAP_PAGE_SIZE_MAX,
      1,
      SITEMAP_PAGE_SIZE_MAX,
      `an integer from 1 to ${SITEMAP_PAGE_SIZE_MAX} (the sitemaps protocol's limit)`,
      problems,
    );
    const configuredLocale = valueOf(env, 'NEWS_DEFAULT_LOCALE');
    const defaultLocale = configuredLocale !== undefined && isLocaleCode(configuredLocale) ? configuredLocale : DEFAULT_LOCALE;
    return { publicUrl, articlePath, sectionPath, name, language: language ?? DEFAULT_SITE_LANGUAGE, feedItems, sitemapPageSize, defaultLocale };
  });
}

/**
 * The language (BCP 47) feeds, sitemaps and structured data declare for content of `locale`: SITE_LANGUAGE
 * when the locale is a bare language and SITE_LANGUAGE a form of it (`en-GB` for `en`, `de-CH` for `de`),
 * otherwise the locale's own code (`de`, `pt-BR`).
 */
export function languageOf(site: Pick<SiteSettings, 'language'>, locale: string): string {
  const primary = (tag: string) => tag.toLowerCase().split('-')[0];
  if (!locale.includes('-') && primary(site.language) === primary(locale)) return site.language;
  return canonicalLanguage(locale) ?? locale;
}

/** The settings read at start-up (config/site.ts). */
export const siteSettings = (strapi: Core.Strapi): SiteSettings => strapi.config.get<SiteSettings>('site');
