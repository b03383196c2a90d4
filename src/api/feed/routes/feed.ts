/**
 * Feeds and sitemaps (src/distribution/): public, cacheable, built from published content only. Every
 * route answers 404 saying so while PUBLIC_SITE_URL is not set.
 */
const route = (path: string, action: string) => ({
  method: 'GET',
  path,
  handler: `api::feed.feed.${action}`,
  config: { auth: false as const, middlewares: ['global::reader-cache'] },
});

export default {
  type: 'content-api',
  routes: [
    route('/feed.xml', 'rss'),
    route('/feed.json', 'json'),
    route('/sections/:slug/feed.xml', 'sectionRss'),
    route('/sections/:slug/feed.json', 'sectionJson'),
    route('/sitemap.xml', 'sitemapIndex'),
    route('/sitemaps/sections.xml', 'sectionsSitemap'),
    route('/sitemaps/articles/:page.xml', 'articlesSitemap'),
    route('/sitemaps/news.xml', 'newsSitemap'),
  ],
};
