/** The RSS 2.0 feed of the site or of a section, with the full body, byline, section and cover of each article. */
import { create } from 'xmlbuilder2';
import { blocksToHtml, type BodyHtmlOptions } from './blocks-html';
import { rfc822 } from './feed-dates';
import type { FeedArticle, FeedChannel } from './types';
import { xmlBuilderText } from './xml-text';

type XMLBuilder = ReturnType<typeof create>;

/** RSS `generator`. */
export const FEED_GENERATOR = 'Newsroom CMS';

const NAMESPACES = {
  'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  'xmlns:atom': 'http://www.w3.org/2005/Atom',
  'xmlns:media': 'http://search.yahoo.com/mrss/',
} as const;

/** Adds `<name>text</name>` with the text made XML-safe; nothing when the text is null. */
function textElement(parent: XMLBuilder, name: string, text: string | null): void {
  if (text !== null) parent.ele(name).txt(xmlBuilderText(text));
}

function addItem(channel: XMLBuilder, article: FeedArticle, options: BodyHtmlOptions): void {
  const item = channel.ele('item');
  textElement(item, 'title', article.title);
  textElement(item, 'link', article.url);
  item.ele('guid', { isPermaLink: 'false' }).txt(xmlBuilderText(article.documentId));
  textElement(item, 'pubDate', rfc822(article.publishedAt));
  textElement(item, 'description', article.summary);
  // Escaped text rather than CDATA: a body containing `]]>` cannot break out of it.
  textElement(item, 'content:encoded', blocksToHtml(article.body, options));
  textElement(item, 'dc:creator', article.byline);
  textElement(item, 'category', article.section?.name ?? null);
  const cover = article.cover;
  if (cover !== null) {
    const attributes: Record<string, string> = { url: xmlBuilderText(cover.url), medium: 'image' };
    if (cover.mime !== null) attributes.type = xmlBuilderText(cover.mime);
    if (cover.width !== null) attributes.width = String(cover.width);
    if (cover.height !== null) attributes.height = String(cover.height);
    const media = item.ele('media:content', attributes);
    if (cover.alt !== null && cover.alt !== '') media.ele('media:description', { type: 'plain' }).txt(xmlBuilderText(cover.alt));
  }
}

/**
 * The RSS 2.0 document readers subscribe to: the channel (title, link, description, language, last build date,
 * ttl, generator, its own address) and one item per article with title, link, a stable guid (the documentId,
 * not a permalink), first publication date, summary, the full body as HTML, byline, section and cover image.
 * Every text is made XML-safe, so editors' stray control characters cannot break the feed.
 */
export function renderRss(channel: FeedChannel, items: FeedArticle[], options: BodyHtmlOptions): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('rss', { version: '2.0', ...NAMESPACES });
  const element = root.ele('channel');
  textElement(element, 'title', channel.title);
  textElement(element, 'link', channel.homePageUrl);
  textElement(element, 'description', channel.description);
  textElement(element, 'language', channel.language);
  textElement(element, 'lastBuildDate', rfc822(channel.updatedAt) ?? new Date().toUTCString());
  textElement(element, 'ttl', Number.isFinite(channel.ttlMinutes) ? String(Math.max(0, Math.round(channel.ttlMinutes))) : null);
  textElement(element, 'generator', FEED_GENERATOR);
  element.ele('atom:link', { href: xmlBuilderText(channel.feedUrl), rel: 'self', type: 'application/rss+xml' });
  for (const article of items) addItem(element, article, options);
  return root.end({ prettyPrint: false });
}
