/**
 * Feeds and sitemaps assembled from the reader's reads (src/reader/queries/distribution.ts) and the
 * renderers of this folder: the URLs from the site settings, the media made absolute, the channel
 * described. The controllers (src/api/feed/) only parse the request and send what this returns.
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
  loadArticlesPublishedSince,
  loadFeedArticles,
  loadSectionNodes,
  sectionLastUpdates,
  sectionSubtree,
  streamListedArticles,
  type DistributedArticle,
} from '../reader/queries/distribution';
import { loadSectionBySlug } from '../reader/queries/sections';
import { newsSettings } from '../settings/news';
import { readRequestBudgets } from '../settings/limits';
import { siteSettings, type SiteSettings } from '../settings/site';
import { jsonFeed } from './json-feed';
import { siteLinks, type SiteLinks } from './links';
import { absoluteUrl, mediaBase } from './media';
import { renderRss } from './rss';
import { NEWS_SITEMAP_MAX_URLS, newsSitemapXml, sitemapIndexXml, sitemapPageStream } from './sitemaps';
import type { FeedArticle, FeedChannel, FeedImage, SitemapRef, SitemapUrl } from './types';

/** The Google News sitemap lists the articles first published in this window (Google's rule: two days). */
export const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000;

/** Where one request's documents point: the public site, this API, the media. */
export interface Addresses {
  site: SiteSettings;
  links: SiteLinks;
  /** This API's public base (`https://cms.example.com/api`): the feeds' and sitemaps' own URLs. */
  api: string;
  /** Relative media URLs are resolved against it. */
  media: string;
}

/** The addresses for a request that came to `origin`; a 404 saying why while PUBLIC_SITE_URL is not set. */
export function addressesFor(strapi: Core.Strapi, origin: string): Addresses {
  const site = siteSettings(strapi);
  const links = siteLinks(site);
  if (!links) {
    throw new errors.NotFoundError('Feeds and sitemaps are off: set PUBLIC_SITE_URL to the address of the public site (see README, "Feeds and sitemaps")');
  }
  const media = mediaBase(strapi, origin);
  const prefix = String(strapi.config.get('api.rest.prefix', '/api'));
  return { site, links, api: `${media.replace(/\/+$/, '')}${prefix}`, media };
}

/** How bodies become HTML in feeds: media made absolute, relative links resolved against the public site. */
const htmlOptions = (addresses: Addresses) => ({ mediaUrl: (url: string) => absoluteUrl(url, addresses.media) ?? url, linkBase: addresses.links.home });

function imageOf(cover: ImageRef | null, addresses: Addresses): FeedImage | null {
  const url = cover && absoluteUrl(cover.url, addresses.media);
  if (!cover || !url) return null;
  return { url, mime: cover.mime, width: cover.width, height: cover.height, alt: cover.alternativeText, caption: cover.caption };
}

function articleUrl(article: DistributedArticle, addresses: Addresses): string {
  return addresses.links.article({ slug: article.slug, documentId: article.documentId, sectionSlug: article.section?.slug ?? null });
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
    section: article.section && { name: article.section.name, url: addresses.links.section(article.section.slug) },
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
 * The feed of the whole site (`sectionSlug` null) or of one section with its sub-sections, as RSS 2.0
 * or JSON Feed 1.1; a 404 for an unknown section.
 */
export async function feedDocument(strapi: Core.Strapi, origin: string, sectionSlug: string | null, format: FeedFormat): Promise<FeedDocument> {
  const addresses = addressesFor(strapi, origin);
  const { site } = addresses;
  let channel: Omit<FeedChannel, 'updatedAt' | 'feedUrl'>;
  let sectionIds: number[] | null = null;
  if (sectionSlug === null) {
    channel = {
      title: site.name,
      homePageUrl: addresses.links.home,
      description: `The newest articles of ${site.name}`,
      language: site.language,
      ttlMinutes: ttlMinutes(strapi),
    };
  } else {
    const section = await loadSectionBySlug(strapi, sectionSlug);
    if (!section) throw new errors.NotFoundError(`No section has the slug "${sectionSlug}"`);
    sectionIds = sectionSubtree(await loadSectionNodes(strapi), section.id);
    channel = {
      title: `${section.name} | ${site.name}`,
      homePageUrl: addresses.links.section(section.slug),
      description: section.description?.trim() || `The newest articles in ${section.name} of ${site.name}`,
      language: site.language,
      ttlMinutes: ttlMinutes(strapi),
    };
  }
  const articles = await loadFeedArticles(strapi, { sectionIds, limit: site.feedItems });
  const path = sectionSlug === null ? '/feed' : `/sections/${encodeURIComponent(sectionSlug)}/feed`;
  const render = (items: FeedArticle[]): FeedDocument => {
    const full: FeedChannel = {
      ...channel,
      feedUrl: `${addresses.api}${path}.${format === 'rss' ? 'xml' : 'json'}`,
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

/** An ETag over what the sitemaps show and where they point, without reading them (src/reader/queries/distribution.ts). */
export async function sitemapTag(strapi: Core.Strapi, addresses: Addresses, what: string): Promise<string> {
  const version = await distributionVersion(strapi);
  const hash = crypto
    .createHash('sha256')
    .update(JSON.stringify([version, addresses, what]))
    .digest('base64url')
    .slice(0, 32);
  return `"${hash}"`;
}

/** The sitemap index: one page of sections, then the article pages, newest first. */
export async function sitemapIndex(strapi: Core.Strapi, addresses: Addresses): Promise<string> {
  const pageSize = addresses.site.sitemapPageSize;
  const [count, sectionUpdates] = await Promise.all([countListedArticles(strapi), sectionLastUpdates(strapi)]);
  const pages = Math.ceil(count / pageSize);
  const lastmods = pages > 0 ? await lastUpdatePerPage(strapi, pageSize) : [];
  const refs: SitemapRef[] = [{ url: `${addresses.api}/sitemaps/sections.xml`, lastmod: newest([...sectionUpdates.values()]) }];
  for (let page = 1; page <= pages; page += 1) refs.push({ url: `${addresses.api}/sitemaps/articles/${page}.xml`, lastmod: lastmods[page - 1] ?? null });
  return sitemapIndexXml(refs);
}

/** How many article pages the sitemap index lists. */
export async function sitemapPageCount(strapi: Core.Strapi, addresses: Addresses): Promise<number> {
  return Math.ceil((await countListedArticles(strapi)) / addresses.site.sitemapPageSize);
}

/** One page of article URLs (1 = the newest), streamed from the database as it is sent. */
export function sitemapPage(strapi: Core.Strapi, addresses: Addresses, page: number): Readable {
  const pageSize = addresses.site.sitemapPageSize;
  async function* urls(): AsyncGenerator<SitemapUrl> {
    for await (const article of streamListedArticles(strapi, { skip: (page - 1) * pageSize, take: pageSize })) {
      const cover = imageOf(article.cover, addresses);
      yield {
        url: articleUrl(article, addresses),
        lastmod: article.lastUpdate,
        // The image's address only: Google has ignored image:title and image:caption since 2022, and editors'
        // unbounded captions could push a 50,000-URL page past the protocol's 50 MB.
        image: cover && { url: cover.url, title: null, caption: null },
      };
    }
  }
  return sitemapPageStream(urls());
}

/** The page of section URLs, each with its newest article's "Last update". */
export async function sectionsSitemap(strapi: Core.Strapi, addresses: Addresses): Promise<Readable> {
  const [sections, updates] = await Promise.all([loadSectionNodes(strapi), sectionLastUpdates(strapi)]);
  return sitemapPageStream(
    sections.map((section): SitemapUrl => ({ url: addresses.links.section(section.slug), lastmod: updates.get(section.id) ?? null, image: null })),
  );
}

/** The Google News sitemap: articles first published in the last 48 hours, at most 1,000. */
export async function newsSitemap(strapi: Core.Strapi, addresses: Addresses): Promise<string> {
  const articles = await loadArticlesPublishedSince(strapi, new Date(Date.now() - NEWS_WINDOW_MS), NEWS_SITEMAP_MAX_URLS);
  return newsSitemapXml(
    { name: addresses.site.name, language: addresses.site.language },
    articles.map((article) => ({ url: articleUrl(article, addresses), title: article.title, publishedAt: article.firstPublishedAt })),
  );
}
