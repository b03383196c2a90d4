import type { Core } from '@strapi/strapi';
import { answerFromOriginCache } from './reader-cache';

type Ctx = Parameters<typeof answerFromOriginCache>[1];

/**
 * The origin cache's hits, answered before routing (config/middlewares.ts): a hit then costs about what
 * `/_health` does. Misses go on to the reader route, whose `global::reader-cache` builds and stores them.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: Ctx, next: () => Promise<void>) => {
    if (!answerFromOriginCache(strapi, ctx)) await next();
  };
