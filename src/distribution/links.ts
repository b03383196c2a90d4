/**
 * Addresses on the public site, built from PUBLIC_SITE_URL, ARTICLE_PATH and SECTION_PATH (src/settings/site.ts):
 * the one place feeds, sitemaps, structured data and the article page's alternates take their links from.
 *
 * Locales: a path template holding `{locale}` gets the locale's code there (every locale, the default one
 * too); a template without it gives the default locale (NEWS_DEFAULT_LOCALE) the path as it is and every
 * other locale the path under a `/<locale>` prefix: `/politics/vote`, `/de/politik/wahl`.
 */
import type { SiteSettings } from '../settings/site';
import { DEFAULT_LOCALE, localeKey } from '../settings/locales';

export interface ArticleAddress {
  slug: string;
  documentId: string;
  /** The section's slug (in the article's locale); an article without one gets an empty segment, which is dropped. */
  sectionSlug: string | null;
  /** The article's locale; absent: the default locale. */
  locale?: string;
}

export interface SiteLinks {
  /** The site's home page (the default locale's). */
  home: string;
  /** A locale's home page: the site's home for the default locale, `/<locale>/` below it for the others. */
  localeHome(locale: string): string;
  article(article: ArticleAddress): string;
  /** A section's page; `locale` absent: the default locale. */
  section(sectionSlug: string, locale?: string): string;
}

/** `template` with each `{name}` replaced by its value, URL-encoded; empty segments left by an empty value are removed. */
function fill(template: string, values: Readonly<Record<string, string>>): string {
  const path = template.replace(/\{([^{}]*)\}/g, (_match, name: string) => encodeURIComponent(values[name] ?? ''));
  return path.replace(/\/{2,}/g, '/');
}

const LOCALE_PLACEHOLDER = '{locale}';

type LinkSettings = Pick<SiteSettings, 'publicUrl' | 'articlePath' | 'sectionPath'> & Partial<Pick<SiteSettings, 'defaultLocale'>>;

/** The site's links, or null when PUBLIC_SITE_URL is not set. `defaultLocale` absent: NEWS_DEFAULT_LOCALE's default (`en`). */
export function siteLinks(site: LinkSettings): SiteLinks | null {
  const base = site.publicUrl;
  if (base === null) return null;
  const defaultLocale = site.defaultLocale ?? DEFAULT_LOCALE;
  const localeOf = (locale: string | undefined) => locale ?? defaultLocale;
  /** `/<locale>` for a locale other than the default, else nothing. */
  const prefix = (locale: string) => (localeKey(locale) === localeKey(defaultLocale) ? '' : `/${encodeURIComponent(locale)}`);
  /** The template filled; prefixed unless it places the locale itself. */
  const path = (template: string, locale: string, values: Record<string, string>) =>
    template.includes(LOCALE_PLACEHOLDER) ? fill(template, { ...values, locale }) : prefix(locale) + fill(template, values);
  return {
    home: `${base}/`,
    localeHome: (locale) => `${base}${prefix(locale)}/`,
    article: ({ slug, documentId, sectionSlug, locale }) => base + path(site.articlePath, localeOf(locale), { slug, documentId, section: sectionSlug ?? '' }),
    section: (sectionSlug, locale) => base + path(site.sectionPath, localeOf(locale), { section: sectionSlug }),
  };
}
