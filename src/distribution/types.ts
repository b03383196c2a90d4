/**
 * What the feed and sitemap renderers take: plain, decoded values with absolute URLs, so that the
 * renderers know nothing of Strapi, the database or the settings.
 */

/** An image with an absolute URL. */
export interface FeedImage {
  url: string;
  mime: string | null;
  width: number | null;
  height: number | null;
  /** The alternative text, or null. */
  alt: string | null;
  caption: string | null;
}

/** One published article as every feed shows it. */
export interface FeedArticle {
  documentId: string;
  title: string;
  /** The article's address on the public site. */
  url: string;
  byline: string | null;
  /** The blocks body, as stored (rendered to HTML by the RSS and JSON feeds). */
  body: unknown;
  /** The excerpt (src/newsroom/excerpt.ts), plain text. */
  summary: string;
  /** First publication (ISO 8601). */
  publishedAt: string;
  /** The "Last update" readers see (ISO 8601). */
  updatedAt: string;
  section: { name: string; url: string } | null;
  cover: FeedImage | null;
}

/** The feed as a whole: the site, or one section of it. */
export interface FeedChannel {
  title: string;
  /** The page the feed stands for: the home page or the section page. */
  homePageUrl: string;
  description: string;
  /** BCP 47 (`en`, `de-CH`). */
  language: string;
  /** This feed's own URL (RSS `atom:link rel="self"`, JSON Feed `feed_url`). */
  feedUrl: string;
  /** RSS `ttl`, in minutes. */
  ttlMinutes: number;
  /** RSS `lastBuildDate`: the newest "Last update" among the items, or now when there are none (ISO 8601). */
  updatedAt: string;
}

/** One `<url>` of a sitemap page. */
export interface SitemapUrl {
  url: string;
  /** ISO 8601. */
  lastmod: string | null;
  image: { url: string; title: string | null; caption: string | null } | null;
  /** `xhtml:link rel="alternate"`: the page in each language (itself included), and `x-default`; empty for none. */
  alternates: SitemapAlternate[];
}

/** One language version of a sitemap URL. */
export interface SitemapAlternate {
  /** A BCP 47 tag (the locale's code) or `x-default`. */
  hreflang: string;
  url: string;
}

/** One `<sitemap>` of the sitemap index. */
export interface SitemapRef {
  url: string;
  lastmod: string | null;
}

/** One `<url>` of the Google News sitemap. */
export interface NewsSitemapUrl {
  url: string;
  title: string;
  /** First publication (ISO 8601). */
  publishedAt: string;
}
