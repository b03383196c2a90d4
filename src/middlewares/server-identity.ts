import type { Core } from '@strapi/strapi';

/** Headers that name the server software to anyone who asks: Strapi's `/_health` answers `strapi: You are so French!`. */
export const SERVER_IDENTITY_HEADERS: readonly string[] = ['strapi', 'x-powered-by'];

type Ctx = { remove: (field: string) => void };

/** `global::server-identity` (config/middlewares.ts, outermost): drops SERVER_IDENTITY_HEADERS from every answer. */
export function withoutServerIdentity() {
  return async (ctx: Ctx, next: () => Promise<unknown>) => {
    try {
      await next();
    } finally {
      for (const header of SERVER_IDENTITY_HEADERS) ctx.remove(header);
    }
  };
}

export default (_config: unknown, _deps: { strapi: Core.Strapi }) => withoutServerIdentity();
