/**
 * The paths of the document, from Strapi's own route definitions: every content-API route whose action
 * the reader roles hold (PUBLIC_READ_ACTIONS) or that is public by itself (`auth: false`). Each needs a
 * description below; a reader route without one stops the server's start (the document is built in
 * bootstrap, src/index.ts), so no route is public undocumented.
 */
import type { Core } from '@strapi/strapi';
import { hasRouteList } from '../internals/shapes';
import { PUBLIC_READ_ACTIONS } from '../bootstrap/public-permissions';
import type { QueryContract } from '../query-contract';
import { listParameters, pathParameter, routeParameters, singleParameters, type Parameter } from './parameters';
import { ref, schemaName, type JsonSchema } from './schemas';
import { envelope, listEnvelope } from './shapes';

export interface RouteDefinition {
  method: string;
  path: string;
  handler: unknown;
  config?: { auth?: false | { scope?: string[] } };
}

export interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters: Parameter[];
  security?: Array<Record<string, string[]>>;
  responses: Record<string, JsonSchema>;
}

/** The content-API routes of every API, as Strapi loaded them. */
export function contentApiRoutes(strapi: Core.Strapi): RouteDefinition[] {
  return Object.values(strapi.apis).flatMap((api) =>
    Object.values(api.routes ?? {}).flatMap((router): RouteDefinition[] => (router.type === 'admin' || !hasRouteList(router) ? [] : router.routes)),
  );
}

const isReaderRoute = (route: RouteDefinition) =>
  typeof route.handler === 'string' && (route.config?.auth === false || (PUBLIC_READ_ACTIONS as readonly string[]).includes(route.handler));

const jsonResponse = (description: string, schema: JsonSchema): JsonSchema => ({ description, content: { 'application/json': { schema } } });
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/Error${status}` }]));
/** What every reader route may answer besides its own errors: a bad token, a token without the scope, an overloaded server, an unexpected error. */
const COMMON_ERRORS = [400, 401, 403, 500, 503];

/** Operations by handler. Core find/findOne come per reader content type; the custom routes are named. */
function operationFor(handler: string, contract: QueryContract, maxLimit: number): Operation | null {
  const [uid, action] = [handler.slice(0, handler.lastIndexOf('.')), handler.slice(handler.lastIndexOf('.') + 1)];
  const model = contract.models[uid];
  const tag = uid.split('.').pop()!;
  const notModified = { '304': { description: 'Not modified (the `ETag` sent in `If-None-Match` still matches).' } };
  if (model && action === 'find') {
    return {
      operationId: `list${schemaName(uid)}s`,
      summary: `Published ${tag}s`,
      tags: [tag],
      parameters: listParameters(contract, uid, maxLimit),
      responses: { '200': jsonResponse(`A page of published ${tag}s`, listEnvelope(ref(schemaName(uid)))), ...notModified, ...errors(...COMMON_ERRORS) },
    };
  }
  if (model && action === 'findOne') {
    return {
      operationId: `get${schemaName(uid)}`,
      summary: `One published ${tag}`,
      tags: [tag],
      parameters: [pathParameter('id', 'The documentId.'), ...singleParameters(contract, uid)],
      responses: { '200': jsonResponse(`The published ${tag}`, envelope(ref(schemaName(uid)))), ...notModified, ...errors(...COMMON_ERRORS, 404) },
    };
  }
  const page = jsonResponse('The article page', envelope(ref('ArticlePage')));
  switch (handler) {
    case 'api::article.article.bySlug':
      return {
        operationId: 'getArticlePage',
        summary: 'The page of one published article, "More from" list and "Last update" included',
        tags: ['article'],
        parameters: routeParameters('articlePage', [pathParameter('slug', "The article's slug.")]),
        responses: { '200': page, ...notModified, ...errors(...COMMON_ERRORS, 404) },
      };
    case 'api::section.section.moreFrom':
      return {
        operationId: 'getMoreFrom',
        summary: 'The "More from <Section>" list of a section',
        tags: ['section'],
        parameters: routeParameters('moreFrom', [pathParameter('slug', "The section's slug.")]),
        responses: { '200': jsonResponse('The list', envelope(ref('SectionMoreFrom'))), ...notModified, ...errors(...COMMON_ERRORS, 404) },
      };
    case 'api::article.preview.article':
      return {
        operationId: 'previewArticlePage',
        summary: 'The page of any version of an article, for the preview front-end (needs PREVIEW_SECRET; never cached)',
        tags: ['preview'],
        parameters: routeParameters('preview', [
          pathParameter('documentId', "The article's documentId."),
          { name: 'X-Preview-Secret', in: 'header', description: 'PREVIEW_SECRET (or the `secret` query parameter).', schema: { type: 'string' } },
        ]),
        security: [{ previewSecretHeader: [] }, { previewSecretQuery: [] }],
        responses: { '200': page, ...errors(...COMMON_ERRORS, 404) },
      };
    case 'api::search.search.find':
      return {
        operationId: 'searchArticles',
        summary: 'Ranked full-text search over published articles (title above body), with snippets and counts per section',
        tags: ['search'],
        parameters: routeParameters('search', []),
        responses: { '200': jsonResponse('One page of hits, best first', ref('SearchResult')), ...notModified, ...errors(...COMMON_ERRORS) },
      };
    case 'api::openapi.openapi.document':
      return {
        operationId: 'getOpenApiDocument',
        summary: 'This document',
        tags: ['openapi'],
        parameters: routeParameters('openapi', []),
        responses: { '200': jsonResponse('The OpenAPI 3.1 document', { type: 'object', required: ['openapi', 'paths'] }), ...notModified, ...errors(400, 500) },
      };
    default:
      return distributionOperation(handler, notModified);
  }
}

const xmlResponse = (description: string, mediaType: string): JsonSchema => ({ description, content: { [mediaType]: { schema: { type: 'string' } } } });
const JSON_FEED: JsonSchema = {
  type: 'object',
  required: ['version', 'title', 'items'],
  properties: {
    version: { const: 'https://jsonfeed.org/version/1.1' },
    title: { type: 'string' },
    items: { type: 'array', items: { type: 'object', required: ['id'] } },
  },
};
const sectionSlug = pathParameter('slug', "The section's slug: its sub-sections' articles are included.");
const OFF = 'Feeds and sitemaps answer 404 while PUBLIC_SITE_URL is not set.';

/** The feeds and sitemaps (src/api/feed): operation id, summary, parameters, response. */
const DISTRIBUTION: Record<string, { id: string; summary: string; section?: boolean; page?: boolean; response: JsonSchema }> = {
  'api::feed.feed.rss': {
    id: 'getFeedRss',
    summary: 'RSS 2.0 feed of the newest articles (FEED_ITEMS)',
    response: xmlResponse('RSS 2.0', 'application/rss+xml'),
  },
  'api::feed.feed.json': {
    id: 'getFeedJson',
    summary: 'JSON Feed 1.1 of the newest articles (FEED_ITEMS)',
    response: { description: 'JSON Feed 1.1', content: { 'application/feed+json': { schema: JSON_FEED } } },
  },
  'api::feed.feed.sectionRss': {
    id: 'getSectionFeedRss',
    summary: "RSS 2.0 feed of a section's newest articles",
    section: true,
    response: xmlResponse('RSS 2.0', 'application/rss+xml'),
  },
  'api::feed.feed.sectionJson': {
    id: 'getSectionFeedJson',
    summary: "JSON Feed 1.1 of a section's newest articles",
    section: true,
    response: { description: 'JSON Feed 1.1', content: { 'application/feed+json': { schema: JSON_FEED } } },
  },
  'api::feed.feed.sitemapIndex': {
    id: 'getSitemapIndex',
    summary: 'Sitemap index: the sections page and the article pages',
    response: xmlResponse('A sitemap index', 'application/xml'),
  },
  'api::feed.feed.sectionsSitemap': {
    id: 'getSectionsSitemap',
    summary: 'Sitemap of the section pages',
    response: xmlResponse('A sitemap', 'application/xml'),
  },
  'api::feed.feed.articlesSitemap': {
    id: 'getArticlesSitemap',
    summary: 'One sitemap page of article URLs (SITEMAP_PAGE_SIZE), newest first, with their covers',
    page: true,
    response: xmlResponse('A sitemap (streamed)', 'application/xml'),
  },
  'api::feed.feed.newsSitemap': {
    id: 'getNewsSitemap',
    summary: 'Google News sitemap: articles first published in the last 48 hours (at most 1,000)',
    response: xmlResponse('A news sitemap', 'application/xml'),
  },
};

function distributionOperation(handler: string, notModified: Record<string, JsonSchema>): Operation | null {
  const found = DISTRIBUTION[handler];
  if (!found) return null;
  const path = found.section ? [sectionSlug] : found.page ? [pathParameter('page', 'The page number, from 1 (see the sitemap index).')] : [];
  return {
    operationId: found.id,
    summary: `${found.summary}. ${OFF}`,
    tags: [found.id.includes('Feed') ? 'feeds' : 'sitemaps'],
    parameters: routeParameters(handler.endsWith('Sitemap') || handler.endsWith('sitemapIndex') ? 'sitemap' : 'feed', path),
    responses: { '200': found.response, ...notModified, ...errors(400, 404, 500, 503) },
  };
}

/** `/articles/:id` → `/api/articles/{id}`. */
const openApiPath = (prefix: string, path: string) => `${prefix}${path}`.replace(/:(\w+)/g, '{$1}');

/** The `paths` object: one operation per reader route. */
export function readerPaths(strapi: Core.Strapi, contract: QueryContract): Record<string, Record<string, Operation>> {
  const prefix = String(strapi.config.get('api.rest.prefix', '/api'));
  const maxLimit = Number(strapi.config.get('api.rest.maxLimit', 100));
  const paths: Record<string, Record<string, Operation>> = {};
  for (const route of contentApiRoutes(strapi).filter(isReaderRoute)) {
    const handler = route.handler as string;
    const operation = operationFor(handler, contract, maxLimit);
    if (!operation) throw new Error(`The reader route ${route.method} ${route.path} (${handler}) has no OpenAPI description (src/openapi/paths.ts)`);
    const path = openApiPath(prefix, route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  return paths;
}
