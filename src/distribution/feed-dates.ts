/** The date formats feeds and sitemaps require, from the ISO 8601 strings the renderers are given. */

/** RFC 822 date (RSS `pubDate`, `lastBuildDate`), e.g. `Wed, 02 Oct 2002 13:00:00 GMT`; null for an unreadable date. */
export function rfc822(iso: string): string | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date.toUTCString();
}

/** RFC 3339 / W3C datetime in UTC (JSON Feed, sitemaps), e.g. `2002-10-02T13:00:00.000Z`; null for an unreadable date. */
export function w3cDate(iso: string): string | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
