import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { newsSettings } from '../reader/settings';

type Ctx = {
  method: string;
  status: number;
  body: unknown;
  fresh: boolean;
  set: (field: string, value: string) => void;
};

/**
 * Caching headers for reader responses: `Cache-Control: public, max-age=NEWS_CACHE_MAX_AGE`, a strong
 * ETag over the exact body, and `304 Not Modified` when the client already holds that body.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: Ctx, next: () => Promise<void>) => {
    await next();
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.status !== 200 || ctx.body === undefined) return;
    const payload = typeof ctx.body === 'string' ? ctx.body : JSON.stringify(ctx.body);
    const tag = `"${crypto.createHash('sha256').update(payload).digest('base64url').slice(0, 32)}"`;
    ctx.set('Cache-Control', `public, max-age=${newsSettings(strapi).cacheMaxAge}`);
    ctx.set('ETag', tag);
    if (ctx.fresh) {
      ctx.status = 304;
      ctx.body = null;
    }
  };
