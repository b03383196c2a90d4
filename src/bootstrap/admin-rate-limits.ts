import type { Core } from '@strapi/strapi';
import { hasRouteList } from '../internals/shapes';

/** Admin API routes (under /admin) that Strapi leaves without a rate limit but that take guesses: a reset token. */
export const RATE_LIMITED_ADMIN_ROUTES: readonly { method: string; path: string }[] = [{ method: 'POST', path: '/reset-password' }];

const RATE_LIMIT = 'admin::rateLimit';

/**
 * Puts Strapi's admin rate limiter (the one of /admin/login: ADMIN_RATE_LIMIT_*, per client and path) on
 * RATE_LIMITED_ADMIN_ROUTES; call from `register`, before Strapi registers the routes. Returns the routes changed.
 */
export function rateLimitAdminRoutes(strapi: Core.Strapi): string[] {
  const changed: string[] = [];
  for (const router of Object.values(strapi.admin.routes ?? {})) {
    if (!hasRouteList(router)) continue;
    for (const route of router.routes) {
      if (!RATE_LIMITED_ADMIN_ROUTES.some(({ method, path }) => route.method === method && route.path === path)) continue;
      route.config ??= {};
      const middlewares = route.config.middlewares ?? [];
      if (!middlewares.includes(RATE_LIMIT)) route.config.middlewares = [RATE_LIMIT, ...middlewares];
      changed.push(`${route.method} /admin${route.path}`);
    }
  }
  return changed;
}
