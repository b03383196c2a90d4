import crypto from 'crypto';
import { errors } from '@strapi/utils';
import type { Core } from '@strapi/strapi';
import { newsSettings } from '../settings/news';
import { cacheSettings, type CacheSettings } from '../settings/cache';
import { purgeSettings } from '../settings/purge';
import { collectTags } from '../cache/record';
import { boundedTags, tagHeaderValue, type TagSet } from '../cache/tags';
import { cacheRuntime } from '../cache/runtime';
import type { CachedResponse } from '../cache/origin-cache';

type Ctx = {
  method: string;
  status: number;
  body: unknown;
  type: string;
  origin: string;
  url: string;
  state: Record<string, unknown>;
  response: { get: (field: string) => string };
  get: (field: string) => string;
  set: (field: string, value: string) => void;
};

/**
 * True when `If-None-Match` names `tag` (or `*`). Compared directly, not with Koa's `ctx.fresh`:
 * `fetch()` adds `Cache-Control: no-cache` to every conditional request, which `ctx.fresh` reads as
 * "never fresh", so no browser or Node client would ever get a 304.
 */
export function matchesIfNoneMatch(header: string, tag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value.replace(/^W\//, '') === tag;
  });
}

/** A body sent as it is produced (a sitemap page): its ETag comes from its controller, not from its bytes. */
const isStream = (body: unknown): boolean => typeof body === 'object' && body !== null && 'pipe' in body && typeof body.pipe === 'function';

/** Whether the origin cache answered (`HIT`), built the response (`MISS`) or was not asked (`BYPASS`). */
export const ORIGIN_CACHE_HEADER = 'X-Origin-Cache';

/**
 * The caching headers of a reader response that carries cache tags: browsers keep it NEWS_CACHE_MAX_AGE
 * seconds, shared caches CACHE_S_MAXAGE (purges refresh them sooner) and may serve it stale while they
 * refetch it or while the origin fails. When nothing could purge it (no tags, no tag header, or
 * PURGE_ADAPTER=none), shared caches get the browsers' short lifetime.
 */
export function cacheControl(maxAge: number, settings: CacheSettings, purgeable: boolean): string {
  if (!purgeable) return `public, max-age=${maxAge}`;
  return `public, max-age=${maxAge}, s-maxage=${settings.sMaxAge}, stale-while-revalidate=${settings.staleWhileRevalidate}, stale-if-error=${settings.staleIfError}`;
}

/**
 * What makes a response cacheable and purgeable: Cache-Control and the tag header, with the tags as sent
 * (bounded by CACHE_TAG_MAX_BYTES), which the origin cache keeps too: both caches are purged by the same tags.
 */
function caching(strapi: Core.Strapi, collected: TagSet, { notFound = false } = {}): { headers: Record<string, string>; tags: string[]; purged: boolean } {
  const settings = cacheSettings(strapi);
  // Shared caches keep an answer longer only when something purges them: tags to find it, and PURGE_ADAPTER to send them.
  const purged = collected.tagged && settings.tagHeader !== null && purgeSettings(strapi).adapter !== 'none';
  // Browsers would keep a 404 past the publication that replaces it: they revalidate it every time.
  const headers: Record<string, string> = { 'Cache-Control': cacheControl(notFound ? 0 : newsSettings(strapi).cacheMaxAge, settings, purged) };
  const tags = collected.tagged ? boundedTags(collected.values(), settings.tagMaxBytes) : [];
  if (settings.tagHeader && tags.length > 0) headers[settings.tagHeader.name] = tagHeaderValue(tags, settings.tagHeader);
  return { headers, tags, purged };
}

const etagOf = (payload: string) => `"${crypto.createHash('sha256').update(payload).digest('base64url').slice(0, 32)}"`;

function send(ctx: Ctx, response: CachedResponse): void {
  ctx.status = response.status;
  for (const [name, value] of Object.entries(response.headers)) ctx.set(name, value);
  ctx.set('ETag', response.etag);
  if (matchesIfNoneMatch(ctx.get('If-None-Match'), response.etag)) {
    ctx.status = 304;
    ctx.body = null;
    return;
  }
  ctx.set('Content-Type', response.type);
  ctx.body = response.body;
}

/** The origin cache's key of a request: the address it was asked at (feeds name it) and the path with its query. */
const keyOf = (ctx: Pick<Ctx, 'origin' | 'url'>) => `${ctx.origin}${ctx.url}`;

/**
 * Answers an anonymous GET or HEAD from the origin cache when it holds the answer; false when it does not.
 * Called before routing (src/middlewares/origin-cache.ts), so that a hit skips the router, the Public role's
 * permission check and the query contract: the stored answer passed them when it was built, and a change of
 * the Public role's permissions purges nothing, in the cache tier as here (docs/operations.md, limits).
 */
export function answerFromOriginCache(strapi: Core.Strapi, ctx: Ctx): boolean {
  if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.get('Authorization')) return false;
  const hit = cacheRuntime(strapi).origin.get(keyOf(ctx));
  if (!hit) return false;
  ctx.set(ORIGIN_CACHE_HEADER, 'HIT');
  send(ctx, hit);
  return true;
}

/**
 * Caching of reader responses (the `global::reader-cache` route middleware):
 *   - the cache tags of what the response shows (collected by the reads: src/cache/record.ts) in the tag
 *     header, with Cache-Control for browsers and shared caches (`cacheControl`);
 *   - a strong ETag over the exact body and `304 Not Modified` when the client holds that body (a streamed
 *     body, or a 304 its controller answered, keeps the ETag its controller set);
 *   - the origin cache (src/cache/origin-cache.ts): anonymous GETs answered from memory until a purge
 *     names one of their tags. A 404 is tagged too (the next published document may take the address)
 *     but only the cache tier keeps it.
 * A request with credentials may see more than the public: it is `private` and never cached here.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: Ctx, next: () => Promise<void>) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.get('Authorization')) {
      await next();
      if (ctx.status === 200 || ctx.status === 304) ctx.set('Cache-Control', `private, max-age=${newsSettings(strapi).cacheMaxAge}`);
      return;
    }
    if (answerFromOriginCache(strapi, ctx)) return;
    const origin = cacheRuntime(strapi).origin;
    const key = keyOf(ctx);
    const generation = origin.generation;
    const tags = collectTags(ctx);
    try {
      await next();
    } catch (error) {
      // A 404 of a reader route (no such slug yet) is kept by the cache tier, purged like the page that replaces it;
      // without a purge adapter it carries no caching headers at all, as before.
      if (error instanceof errors.NotFoundError || (error as { status?: unknown } | null)?.status === 404) {
        const notFound = caching(strapi, tags, { notFound: true });
        if (notFound.purged) for (const [name, value] of Object.entries(notFound.headers)) ctx.set(name, value);
      }
      throw error;
    }
    ctx.set(ORIGIN_CACHE_HEADER, origin.enabled ? 'MISS' : 'BYPASS');
    if (ctx.status === 304 || (ctx.status === 200 && isStream(ctx.body))) {
      for (const [name, value] of Object.entries(caching(strapi, tags).headers)) ctx.set(name, value);
      return;
    }
    if (ctx.status !== 200 || ctx.body === undefined) return;
    const body = typeof ctx.body === 'string' ? ctx.body : JSON.stringify(ctx.body);
    const { headers, tags: sent } = caching(strapi, tags);
    const response: CachedResponse = {
      status: 200,
      body,
      type: typeof ctx.body === 'string' ? ctx.response.get('Content-Type') || 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
      etag: etagOf(body),
      headers,
      tags: sent,
    };
    if (sent.length > 0) origin.set(key, response, { generation, maxAgeMs: cacheSettings(strapi).sMaxAge * 1000 });
    send(ctx, response);
  };
