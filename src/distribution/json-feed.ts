/** The JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the site or of a section: the same articles as the RSS feed. */
import { blocksToHtml, type BodyHtmlOptions } from './blocks-html';
import { w3cDate } from './feed-dates';
import type { FeedArticle, FeedChannel } from './types';
import { xmlSafe } from './xml-text';

/** One JSON Feed item. */
export interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_html: string;
  summary: string;
  date_published?: string;
  date_modified?: string;
  authors?: Array<{ name: string }>;
  tags?: string[];
  image?: string;
}

/** A JSON Feed 1.1 document. */
export interface JsonFeed {
  version: 'https://jsonfeed.org/version/1.1';
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  language: string;
  items: JsonFeedItem[];
}

function feedItem(article: FeedArticle, options: BodyHtmlOptions): JsonFeedItem {
  const item: JsonFeedItem = {
    id: xmlSafe(String(article.documentId)),
    url: xmlSafe(article.url),
    title: xmlSafe(article.title),
    content_html: blocksToHtml(article.body, options),
    summary: xmlSafe(article.summary),
  };
  const published = w3cDate(article.publishedAt);
  if (published !== null) item.date_published = published;
  const modified = w3cDate(article.updatedAt);
  if (modified !== null) item.date_modified = modified;
  if (article.byline !== null) item.authors = [{ name: xmlSafe(article.byline) }];
  if (article.section !== null) item.tags = [xmlSafe(article.section.name)];
  if (article.cover !== null) item.image = xmlSafe(article.cover.url);
  return item;
}

/**
 * The JSON Feed 1.1 readers and apps subscribe to: the site or section with its home page, its own address,
 * description and language, and per article its documentId as id, address, title, full body as HTML, summary,
 * first publication and last update, byline as author, section as tag and cover image. Texts are cleaned the
 * same way as in the RSS feed, so both show the same words. Serialise with `JSON.stringify`.
 */
export function jsonFeed(channel: FeedChannel, items: FeedArticle[], options: BodyHtmlOptions): JsonFeed {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: xmlSafe(channel.title),
    home_page_url: xmlSafe(channel.homePageUrl),
    feed_url: xmlSafe(channel.feedUrl),
    description: xmlSafe(channel.description),
    language: xmlSafe(channel.language),
    items: items.map((article) => feedItem(article, options)),
  };
}
