import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { newsSettings } from '../settings/news';

type Ctx = {
  method: string;
  status: number;
  body: unknown;
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

/**
 * Caching headers for reader responses: `Cache-Control: public, max-age=NEWS_CACHE_MAX_AGE`, a strong
 * ETag over the exact body, and `304 Not Modified` when the client already holds that body. A streamed
 * body, or a 304 its controller answered, keeps the ETag the controller set.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: Ctx, next: () => Promise<void>) => {
    await next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return;
    const cacheControl = `public, max-age=${newsSettings(strapi).cacheMaxAge}`;
    if (ctx.status === 304 || (ctx.status === 200 && isStream(ctx.body))) {
      ctx.set('Cache-Control', cacheControl);
      return;
    }
    if (ctx.status !== 200 || ctx.body === undefined) return;
    const payload = typeof ctx.body === 'string' ? ctx.body : JSON.stringify(ctx.body);
    const tag = `"${crypto.createHash('sha256').update(payload).digest('base64url').slice(0, 32)}"`;
    ctx.set('Cache-Control', cacheControl);
    ctx.set('ETag', tag);
    if (matchesIfNoneMatch(ctx.get('If-None-Match'), tag)) {
      ctx.status = 304;
      ctx.body = null;
    }
  };
