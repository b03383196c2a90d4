/**
 * Paths as Strapi's router matches them. koa-router is case-insensitive and takes an optional trailing
 * slash: `/API/Articles/` and `/GraphQL` reach the same routes as `/api/articles` and `/graphql`. A check
 * that compares `ctx.path` as sent is skipped by such a path, so every check by path goes through here.
 */

/** The form the router compares: lower case, without trailing slashes. */
export function routePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return (trimmed === '' ? '/' : trimmed).toLowerCase();
}

/** True when the router would treat `path` as `endpoint`. */
export const isRoute = (path: string, endpoint: string | null | undefined): boolean => typeof endpoint === 'string' && routePath(path) === routePath(endpoint);

/** True when `path` is `prefix` or below it, as the router would match it. */
export function isUnderRoute(path: string, prefix: string): boolean {
  const base = routePath(prefix);
  const candidate = routePath(path);
  return candidate === base || candidate.startsWith(base === '/' ? '/' : `${base}/`);
}
