/**
 * The small contracts of the custom reader routes: which query parameters each takes. Each value is
 * one plain string (the controllers read numbers and defaults from it); anything else is a 400.
 */
import { errors } from '@strapi/utils';
import { unknownQueryKey } from '../http/request-params';

export const ROUTE_QUERY_CONTRACTS = {
  /** GET /api/articles/by-slug/:slug */
  articlePage: ['locale', 'moreFromLimit'],
  /** GET /api/sections/:slug/more-from */
  moreFrom: ['locale', 'limit', 'exclude'],
  /** GET /api/preview/articles/:documentId */
  preview: ['locale', 'status', 'moreFromLimit', 'secret'],
  /** GET /api/openapi.json */
  openapi: [],
  /** GET /api/feed.xml, /api/feed.json, /api/sections/:slug/feed.xml, /api/sections/:slug/feed.json */
  feed: ['locale'],
  /** GET /api/sitemap.xml, /api/sitemaps/sections.xml, /api/sitemaps/articles/:page.xml, /api/sitemaps/news.xml */
  sitemap: ['locale'],
  /** GET /api/search */
  search: ['q', 'locale', 'section', 'from', 'to', 'page', 'pageSize'],
} as const;

/** Longest value of a custom route's parameter (slugs, secrets, numbers). */
export const MAX_ROUTE_VALUE_LENGTH = 500;

/** Refuses, with Strapi's 400, a query outside the route's contract: an unknown key, or a value that is not one short string. */
export function checkRouteQuery(query: Record<string, unknown>, route: keyof typeof ROUTE_QUERY_CONTRACTS): void {
  const problem = unknownQueryKey(query, ROUTE_QUERY_CONTRACTS[route]);
  if (problem) throw new errors.ValidationError(problem.message, problem.details);
  for (const [key, value] of Object.entries(query)) {
    if (typeof value !== 'string' || value.length > MAX_ROUTE_VALUE_LENGTH) {
      throw new errors.ValidationError(
        `${key}: must be one value of at most ${MAX_ROUTE_VALUE_LENGTH} characters (got ${JSON.stringify(value).slice(0, 80)})`,
        {
          source: 'query',
          param: key,
          path: key,
          key,
        },
      );
    }
  }
}
