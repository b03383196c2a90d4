/**
 * Addresses on the public site, built from PUBLIC_SITE_URL, ARTICLE_PATH and SECTION_PATH (src/settings/site.ts):
 * the one place feeds, sitemaps and structured data take their links from.
 */
import type { SiteSettings } from '../settings/site';

export interface ArticleAddress {
  slug: string;
  documentId: string;
  /** The section's slug; an article without one gets an empty segment, which is dropped. */
  sectionSlug: string | null;
  /** The article's locale: fills `{locale}` of ARTICLE_PATH, else a non-default locale prefixes the path with `/<locale>`. */
  locale?: string;
}

export interface SiteLinks {
  /** The site's home page. */
  home: string;
  article(article: ArticleAddress): string;
  section(sectionSlug: string): string;
}

/** `template` with each `{name}` replaced by its value, URL-encoded; empty segments left by an empty value are removed. */
function fill(template: string, values: Readonly<Record<string, string>>): string {
  const path = template.replace(/\{([^{}]*)\}/g, (_match, name: string) => encodeURIComponent(values[name] ?? ''));
  return path.replace(/\/{2,}/g, '/');
}

/** The site's links, or null when PUBLIC_SITE_URL is not set. `defaultLocale`: the locale whose article paths have no locale prefix. */
export function siteLinks(site: Pick<SiteSettings, 'publicUrl' | 'articlePath' | 'sectionPath'>, defaultLocale?: string): SiteLinks | null {
  const base = site.publicUrl;
  if (base === null) return null;
  const localePrefix = (locale: string | undefined) =>
    locale === undefined || locale === defaultLocale || site.articlePath.includes('{locale}') ? '' : `/${encodeURIComponent(locale)}`;
  return {
    home: `${base}/`,
    article: ({ slug, documentId, sectionSlug, locale }) =>
      base + localePrefix(locale) + fill(site.articlePath, { slug, documentId, section: sectionSlug ?? '', locale: locale ?? defaultLocale ?? '' }),
    section: (sectionSlug) => base + fill(site.sectionPath, { section: sectionSlug }),
  };
}
