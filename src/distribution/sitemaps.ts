/**
 * Sitemaps for search engines: the index of sitemap pages, the pages themselves (streamed, a page may hold
 * 50,000 articles) and the Google News sitemap of recent articles.
 */
import { Readable, pipeline, type TransformCallback } from 'node:stream';
import { ErrorLevel, SitemapStream, type SitemapItemLoose } from 'sitemap';
import { create } from 'xmlbuilder2';
import { w3cDate } from './feed-dates';
import type { NewsSitemapUrl, SitemapRef, SitemapUrl } from './types';
import { xmlBuilderText, xmlSafe } from './xml-text';

/** Most URLs one sitemap page may list (sitemaps.org). */
export const SITEMAP_MAX_URLS = 50_000;
/** Most URLs one Google News sitemap may list. */
export const NEWS_SITEMAP_MAX_URLS = 1_000;

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const IMAGE_NS = 'http://www.google.com/schemas/sitemap-image/1.1';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
/** An hreflang value: `x-default` or a language tag (letters, digits, hyphens). */
const HREFLANG = /^(?:x-default|[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)$/;

/** `url` made XML-safe when it is an absolute http(s) URL, else null (such an entry is left out). */
function absoluteUrl(url: string): string | null {
  try {
    const parsed = new URL(xmlSafe(url));
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The sitemap index search engines read first: one `<sitemap>` (address, last change) per sitemap page. */
export function sitemapIndexXml(refs: SitemapRef[]): string {
  const index = create({ version: '1.0', encoding: 'UTF-8' }).ele('sitemapindex', { xmlns: SITEMAP_NS });
  for (const ref of refs) {
    const loc = absoluteUrl(ref.url);
    if (loc === null) continue;
    const sitemap = index.ele('sitemap');
    sitemap.ele('loc').txt(xmlBuilderText(loc));
    const lastmod = ref.lastmod === null ? null : w3cDate(ref.lastmod);
    if (lastmod !== null) sitemap.ele('lastmod').txt(lastmod);
  }
  return index.end({ prettyPrint: false });
}

/** What the sitemap library gets for one of our URLs; null when the URL is not absolute http(s). */
function sitemapItem(entry: SitemapUrl): SitemapItemLoose | null {
  const url = absoluteUrl(entry.url);
  if (url === null) return null;
  const item: SitemapItemLoose = { url };
  const lastmod = entry.lastmod === null ? null : w3cDate(entry.lastmod);
  if (lastmod !== null) item.lastmod = lastmod;
  const imageUrl = entry.image === null ? null : absoluteUrl(entry.image.url);
  if (entry.image !== null && imageUrl !== null) {
    const { title, caption } = entry.image;
    item.img = [{ url: imageUrl, ...(title ? { title: xmlSafe(title) } : {}), ...(caption ? { caption: xmlSafe(caption) } : {}) }];
  }
  const links = entry.alternates.flatMap((alternate) => {
    const href = absoluteUrl(alternate.url);
    return href !== null && HREFLANG.test(alternate.hreflang) ? [{ lang: alternate.hreflang, url: href }] : [];
  });
  if (links.length > 0) item.links = links;
  return item;
}

async function* sitemapItems(urls: AsyncIterable<SitemapUrl> | Iterable<SitemapUrl>): AsyncGenerator<SitemapItemLoose> {
  let count = 0;
  for await (const entry of urls) {
    const item = sitemapItem(entry);
    if (item === null) continue;
    yield item;
    count += 1;
    if (count >= SITEMAP_MAX_URLS) return;
  }
}

const URLSET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="${SITEMAP_NS}" xmlns:xhtml="${XHTML_NS}" xmlns:image="${IMAGE_NS}">`;

/** The library's stream, except that a page without URLs is an empty `<urlset>` instead of an EmptySitemap error. */
class SitemapPageStream extends SitemapStream {
  _flush(callback: TransformCallback): void {
    if (!this.hasHeadOutput) {
      this.hasHeadOutput = true;
      this.push(URLSET_HEAD);
    }
    super._flush(callback);
  }
}

/**
 * One sitemap page as it is produced: `<urlset>` with each article's address, last change (W3C datetime),
 * language versions (`xhtml:link rel="alternate" hreflang`) and cover image (`image:image` with title and caption), read from `urls` only as fast as the reader takes it.
 * Entries whose address is not absolute http(s) are left out, and at most SITEMAP_MAX_URLS are listed. When
 * `urls` fails, the returned stream is destroyed with that error (it never hangs); when the reader goes away,
 * `urls` is closed.
 */
export function sitemapPageStream(urls: AsyncIterable<SitemapUrl> | Iterable<SitemapUrl>): Readable {
  // SILENT: our URLs are checked above; the library must never throw in the middle of a response.
  const output = new SitemapPageStream({ level: ErrorLevel.SILENT, xmlns: { news: false, video: false, xhtml: true, image: true } });
  pipeline(Readable.from(sitemapItems(urls)), output, () => {
    // pipeline has already destroyed `output` with the error, which its reader sees.
  });
  return output;
}

/** Google News wants ISO 639 (`de`, not `de-CH`), except `zh-cn` and `zh-tw` for the two Chinese scripts. */
function newsLanguage(bcp47: string): string {
  const tag = bcp47.toLowerCase();
  if (/^zh-(hant|tw|hk|mo)\b/.test(tag)) return 'zh-tw';
  if (/^zh\b/.test(tag)) return 'zh-cn';
  return tag.split(/[-_]/)[0] ?? tag;
}

/**
 * The Google News sitemap: per recent article its address and `news:news` with the publication's name and
 * language, the first publication date (W3C datetime) and the title. Entries with an unusable address or date
 * are left out; at most NEWS_SITEMAP_MAX_URLS are listed.
 */
export function newsSitemapXml(publication: { name: string; language: string }, urls: NewsSitemapUrl[]): string {
  const urlset = create({ version: '1.0', encoding: 'UTF-8' }).ele('urlset', { xmlns: SITEMAP_NS, 'xmlns:news': NEWS_NS });
  let count = 0;
  for (const entry of urls) {
    const loc = absoluteUrl(entry.url);
    const published = w3cDate(entry.publishedAt);
    if (loc === null || published === null) continue;
    if (count >= NEWS_SITEMAP_MAX_URLS) break;
    count += 1;
    const url = urlset.ele('url');
    url.ele('loc').txt(xmlBuilderText(loc));
    const news = url.ele('news:news');
    const source = news.ele('news:publication');
    source.ele('news:name').txt(xmlBuilderText(publication.name));
    source.ele('news:language').txt(xmlBuilderText(newsLanguage(publication.language)));
    news.ele('news:publication_date').txt(published);
    news.ele('news:title').txt(xmlBuilderText(entry.title));
  }
  return urlset.end({ prettyPrint: false });
}
