/**
 * Shapes of values Strapi does not type for us, checked at run time.
 *
 * Strapi types a plugin's services and controllers as `{ [key: string]: any }`. Where the newsroom calls or
 * wraps one of their methods, it states the methods it needs and checks them at start-up: a Strapi upgrade
 * that renames one then fails with a message naming it, not later with "x is not a function".
 */
export function withMethods<T extends object>(value: unknown, methods: ReadonlyArray<keyof T & string>, what: string): T {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) throw new Error(`${what} is missing`);
  const missing = methods.filter((name) => typeof (value as Record<string, unknown>)[name] !== 'function');
  if (missing.length) throw new Error(`${what} has no ${missing.join(', ')}: this Strapi version differs from the one the newsroom was written for`);
  return value as T;
}

/** True for an object (not null, not an array): narrows JSON-like values before reading their keys. */
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * True for a router as Strapi holds it: an object with a `routes` list, or a factory function that carries
 * one (the content-API routers of plugins, @strapi/utils createContentApiRoutesFactory).
 */
export function hasRouteList(router: unknown): boolean {
  if (router === null || (typeof router !== 'object' && typeof router !== 'function')) return false;
  return 'routes' in router && Array.isArray(router.routes);
}
