/**
 * Feeds and sitemaps assembled from the reader's reads (src/reader/queries/distribution.ts) and the
 * renderers of this folder: the URLs from the site settings, the media made absolute, the channel
 * described. The controllers (src/api/feed/) only parse the request (its `locale` through `readerLocale`)
 * and send what this returns.
 *
 * Locales: every feed and sitemap is of one locale (`?locale=`, default NEWS_DEFAULT_LOCALE): that locale's
 * articles and sections, its links (src/distribution/links.ts), its language. The sitemap index lists, for
 * each offered locale with content (the default locale first, then by code), its sections page and its
 * article pages; the default locale's keep their addresses without `?locale=`. Every article `<url>` names
 * its document's published locales (itself included) as `xhtml:link rel="alternate" hreflang`, and
 * `x-default` the default locale's version; a document without a published default-locale version has no
 * `x-default` (no version is the one for "any other language").
 */
import crypto from 'crypto';
import type { Readable } from 'stream';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { excerptFromBlocks } from '../newsroom/excerpt';
import type { ImageRef } from '../newsroom/more-from';
import {
  countListedArticles,
  distributionVersion,
  lastUpdatePerPage,
  listedPerLocale,
  loadArticlesPublishedSince,
  loadFeedArticles,
  loadSectionNodes,
  sectionLastUpdates,
  sectionSubtree,
  streamListedArticles,
  type ArticleTranslation,
  type DistributedArticle,
} from '../reader/queries/distribution';
import { loadSectionBySlug } from '../reader/queries/sections';
import { defaultLocale, offeredLocales } from '../locales';
import { localeKey } from '../settings/locales';
import { newsSettings } from '../settings/news';
import { readRequestBudgets } from '../settings/limits';
import { languageOf, siteSettings, type SiteSettings } from '../settings/site';
import { jsonFeed } from './json-feed';
import { siteLinks, type SiteLinks } from './links';
import { absoluteUrl, mediaBase } from './media';
import { renderRss } from './rss';
import { NEWS_SITEMAP_MAX_URLS, newsSitemapXml, sitemapIndexXml, sitemapPageStream } from './sitemaps';
import type { FeedArticle, FeedChannel, FeedImage, SitemapAlternate, SitemapRef, SitemapUrl } from './types';

/** The Google News sitemap lists the articles first published in this window (Google's rule: two days). */
export const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000;

/** Where one request's documents point: the public site, this API, the media; and the locale they are of. */
export interface Addresses {
  /** The locale served (as stored: `de`, `pt-BR`). */
  locale: string;
  /** NEWS_DEFAULT_LOCALE: its feeds and sitemaps keep their addresses without `?locale=`. */
  defaultLocale: string;
  site: SiteSettings;
  links: SiteLinks;
  /** This API's public base (`https://cms.example.com/api`): the feeds' and sitemaps' own URLs. */
  api: string;
  /** Relative media URLs are resolved against it. */
  media: string;
}

/** The addresses for a request of `locale` that came to `origin`; a 404 saying why while PUBLIC_SITE_URL is not set. */
export function addressesFor(strapi: Core.Strapi, origin: string, locale: string): Addresses {
  const site = siteSettings(strapi);
  const links = siteLinks(site);
  if (!links) {
    throw new errors.NotFoundError('Feeds and sitemaps are off: set PUBLIC_SITE_URL to the address of the public site (see README, "Feeds and sitemaps")');
  }
  const media = mediaBase(strapi, origin);
  const prefix = String(strapi.config.get('api.rest.prefix', '/api'));
  return { locale, defaultLocale: defaultLocale(strapi), site, links, api: `${media.replace(/\/+$/, '')}${prefix}`, media };
}

/** `?locale=<code>` for a locale other than the default, else nothing: the query of a feed's or sitemap's own address. */
const localeQuery = (addresses: Pick<Addresses, 'defaultLocale'>, locale: string) =>
  localeKey(locale) === localeKey(addresses.defaultLocale) ? '' : `?locale=${encodeURIComponent(locale)}`;

/** How bodies become HTML in feeds: media made absolute, relative links resolved against the public site. */
const htmlOptions = (addresses: Addresses) => ({ mediaUrl: (url: string) => absoluteUrl(url, addresses.media) ?? url, linkBase: addresses.links.home });

function imageOf(cover: ImageRef | null, addresses: Addresses): FeedImage | null {
  const url = cover && absoluteUrl(cover.url, addresses.media);
  if (!cover || !url) return null;
  return { url, mime: cover.mime, width: cover.width, height: cover.height, alt: cover.alternativeText, caption: cover.caption };
}

function articleUrl(article: DistributedArticle, addresses: Addresses): string {
  return addresses.links.article({ slug: article.slug, documentId: article.documentId, sectionSlug: article.section?.slug ?? null, locale: article.locale });
}

/**
 * The hreflang alternates of an article: each listed locale of its document (itself included), then
 * `x-default` for the default locale's version when there is one.
 */
export function hreflangAlternates(translations: readonly ArticleTranslation[], addresses: Pick<Addresses, 'links' | 'defaultLocale'>): SitemapAlternate[] {
  const alternates = translations.map((translation) => ({ hreflang: translation.locale, url: addresses.links.article(translation) }));
  const fallback = translations.find((translation) => localeKey(translation.locale) === localeKey(addresses.defaultLocale));
  return fallback ? [...alternates, { hreflang: 'x-default', url: addresses.links.article(fallback) }] : alternates;
}

function feedArticle(article: DistributedArticle, addresses: Addresses): FeedArticle {
  return {
    documentId: article.documentId,
    title: article.title,
    url: articleUrl(article, addresses),
    byline: article.byline,
    body: article.body,
    summary: excerptFromBlocks(article.body),
    publishedAt: article.firstPublishedAt,
    updatedAt: article.lastUpdate,
    section: article.section && { name: article.section.name, url: addresses.links.section(article.section.slug, article.locale) },
    cover: imageOf(article.cover, addresses),
  };
}

export type FeedFormat = 'rss' | 'json';

/** A rendered feed: its body and its media type. */
export interface FeedDocument {
  type: string;
  body: string;
}

/**
 * The feed of the whole site (`sectionSlug` null) or of one section with its sub-sections, in the locale
 * of `addresses`, as RSS 2.0 or JSON Feed 1.1; a 404 for a section slug unknown in that locale.
 */
export async function feedDocument(strapi: Core.Strapi, addresses: Addresses, sectionSlug: string | null, format: FeedFormat): Promise<FeedDocument> {
  const { site, locale } = addresses;
  const language = languageOf(site, locale);
  let channel: Omit<FeedChannel, 'updatedAt' | 'feedUrl'>;
  let sectionIds: number[] | null = null;
  if (sectionSlug === null) {
    channel = {
      title: site.name,
      homePageUrl: addresses.links.localeHome(locale),
      description: `The newest articles of ${site.name}`,
      language,
      ttlMinutes: ttlMinutes(strapi),
    };
  } else {
    const section = await loadSectionBySlug(strapi, sectionSlug, locale);
    if (!section) throw new errors.NotFoundError(`No section has the slug "${sectionSlug}" in locale ${locale}`);
    sectionIds = sectionSubtree(await loadSectionNodes(strapi, locale), section.id);
    channel = {
      title: `${section.name} | ${site.name}`,
      homePageUrl: addresses.links.section(section.slug, locale),
      description: section.description?.trim() || `The newest articles in ${section.name} of ${site.name}`,
      language,
      ttlMinutes: ttlMinutes(strapi),
    };
  }
  const articles = await loadFeedArticles(strapi, { locale, sectionIds, limit: site.feedItems });
  const path = sectionSlug === null ? '/feed' : `/sections/${encodeURIComponent(sectionSlug)}/feed`;
  const render = (items: FeedArticle[]): FeedDocument => {
    const full: FeedChannel = {
      ...channel,
      feedUrl: `${addresses.api}${path}.${format === 'rss' ? 'xml' : 'json'}${localeQuery(addresses, locale)}`,
      // An empty feed was last built now: there is no item to date it by.
      updatedAt: newest(items.map((item) => item.updatedAt)) ?? new Date().toISOString(),
    };
    return format === 'rss'
      ? { type: 'application/rss+xml; charset=utf-8', body: renderRss(full, items, htmlOptions(addresses)) }
      : { type: 'application/feed+json; charset=utf-8', body: JSON.stringify(jsonFeed(full, items, htmlOptions(addresses))) };
  };
  // Whole bodies can make a feed larger than a reader answer may be (READER_MAX_RESPONSE_BYTES, a 400 the
  // subscriber could never get past): the oldest items are left out until it fits.
  const maxBytes = readRequestBudgets(process.env).readerMaxResponseBytes;
  let items = articles.map((article) => feedArticle(article, addresses));
  let document = render(items);
  for (let bytes = Buffer.byteLength(document.body); bytes > maxBytes && items.length > 1; bytes = Buffer.byteLength(document.body)) {
    items = items.slice(0, Math.min(items.length - 1, Math.floor((items.length * maxBytes) / bytes)) || 1);
    document = render(items);
  }
  return document;
}

/** RSS `ttl`: how long, in minutes, a feed reader may keep the feed (the reader cache's max-age, at least a minute). */
const ttlMinutes = (strapi: Core.Strapi) => Math.max(1, Math.ceil(newsSettings(strapi).cacheMaxAge / 60));

const newest = (dates: readonly string[]): string | null => dates.reduce<string | null>((max, date) => (max === null || date > max ? date : max), null);

/** An ETag over what the sitemaps show and where they point (`addresses` holds the locale), without reading them (src/reader/queries/distribution.ts). */
export async function sitemapTag(strapi: Core.Strapi, addresses: Addresses, what: string): Promise<string> {
  const version = await distributionVersion(strapi);
  const hash = crypto
    .createHash('sha256')
    .update(JSON.stringify([version, addresses, what]))
    .digest('base64url')
    .slice(0, 32);
  return `"${hash}"`;
}

/**
 * The sitemap index: per locale (only `only`'s when given; else every offered locale with sections or
 * articles, the default locale always and first) its page of sections, then its article pages, newest first.
 */
export async function sitemapIndex(strapi: Core.Strapi, addresses: Addresses, only: string | null): Promise<string> {
  const pageSize = addresses.site.sitemapPageSize;
  const listed = await listedPerLocale(strapi);
  const isDefault = (locale: string) => localeKey(locale) === localeKey(addresses.defaultLocale);
  const locales =
    only !== null
      ? [only]
      : (await offeredLocales(strapi))
          .filter((locale) => isDefault(locale) || (listed.get(locale)?.articles ?? 0) + (listed.get(locale)?.sections ?? 0) > 0)
          .sort((x, y) => Number(isDefault(y)) - Number(isDefault(x)) || (x < y ? -1 : x > y ? 1 : 0));
  const refs: SitemapRef[] = [];
  for (const locale of locales) {
    const query = localeQuery(addresses, locale);
    const pages = Math.ceil((listed.get(locale)?.articles ?? 0) / pageSize);
    const [sectionUpdates, lastmods] = await Promise.all([
      sectionLastUpdates(strapi, locale),
      pages > 0 ? lastUpdatePerPage(strapi, locale, pageSize) : Promise.resolve([]),
    ]);
    refs.push({ url: `${addresses.api}/sitemaps/sections.xml${query}`, lastmod: newest([...sectionUpdates.values()]) });
    for (let page = 1; page <= pages; page += 1) {
      refs.push({ url: `${addresses.api}/sitemaps/articles/${page}.xml${query}`, lastmod: lastmods[page - 1] ?? null });
    }
  }
  return sitemapIndexXml(refs);
}

/** How many article pages the sitemap index lists for the locale of `addresses`. */
export async function sitemapPageCount(strapi: Core.Strapi, addresses: Addresses): Promise<number> {
  return Math.ceil((await countListedArticles(strapi, addresses.locale)) / addresses.site.sitemapPageSize);
}

/** One page of article URLs of the locale of `addresses` (1 = the newest) with their hreflang alternates, streamed from the database as it is sent. */
export function sitemapPage(strapi: Core.Strapi, addresses: Addresses, page: number): Readable {
  const pageSize = addresses.site.sitemapPageSize;
  async function* urls(): AsyncGenerator<SitemapUrl> {
    for await (const article of streamListedArticles(strapi, { locale: addresses.locale, skip: (page - 1) * pageSize, take: pageSize })) {
      const cover = imageOf(article.cover, addresses);
      yield {
        url: articleUrl(article, addresses),
        lastmod: article.lastUpdate,
        // The image's address only: Google has ignored image:title and image:caption since 2022, and editors'
        // unbounded captions could push a 50,000-URL page past the protocol's 50 MB.
        image: cover && { url: cover.url, title: null, caption: null },
        // A document in one language only has nothing to point to.
        alternates: article.translations.length > 1 ? hreflangAlternates(article.translations, addresses) : [],
      };
    }
  }
  return sitemapPageStream(urls());
}

/** The page of section URLs of the locale of `addresses`, each with its newest article's "Last update". */
export async function sectionsSitemap(strapi: Core.Strapi, addresses: Addresses): Promise<Readable> {
  const { locale } = addresses;
  const [sections, updates] = await Promise.all([loadSectionNodes(strapi, locale), sectionLastUpdates(strapi, locale)]);
  return sitemapPageStream(
    sections.map((section): SitemapUrl => ({
      url: addresses.links.section(section.slug, locale),
      lastmod: updates.get(section.id) ?? null,
      image: null,
      alternates: [],
    })),
  );
}

/** The Google News sitemap of the locale of `addresses`: its articles first published in the last 48 hours, at most 1,000. */
export async function newsSitemap(strapi: Core.Strapi, addresses: Addresses): Promise<string> {
  const articles = await loadArticlesPublishedSince(strapi, addresses.locale, new Date(Date.now() - NEWS_WINDOW_MS), NEWS_SITEMAP_MAX_URLS);
  return newsSitemapXml(
    { name: addresses.site.name, language: languageOf(addresses.site, addresses.locale) },
    articles.map((article) => ({ url: articleUrl(article, addresses), title: article.title, publishedAt: article.firstPublishedAt })),
  );
}
