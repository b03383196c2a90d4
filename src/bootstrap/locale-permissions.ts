import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { hasRouteList, withMethods } from '../internals/shapes';
import { isLocalizedType, strapiDefaultLocale } from '../locales';

/**
 * Strapi's locale permissions (Settings › Roles: a role limited to some locales, `properties.locales`) as the
 * content manager of Strapi 5.54 enforces them: reading, updating, publishing and deleting an existing
 * version are checked against its locale, but creating one is checked for the content type only ("may this
 * role create articles?"), so a reporter limited to German could still create English articles and English
 * versions of German ones. These content-manager routes create a locale's version; each gets the locale check
 * Strapi leaves out, after authentication and before the action.
 */
export const CREATING_ROUTES: readonly { method: string; path: string }[] = [
  { method: 'POST', path: '/collection-types/:model' },
  { method: 'POST', path: '/collection-types/:model/actions/publish' },
  { method: 'POST', path: '/collection-types/:model/clone/:sourceId' },
  { method: 'POST', path: '/collection-types/:model/auto-clone/:sourceId' },
  // With a document: a version is created when the document has none in the locale.
  { method: 'PUT', path: '/collection-types/:model/:id' },
  { method: 'POST', path: '/collection-types/:model/:id/actions/publish' },
];

interface Ctx {
  params: { model?: string; id?: string };
  query: Record<string, unknown>;
  request: { body?: unknown };
  state: { userAbility?: unknown };
}

interface PermissionChecker {
  can: { create(entity?: Record<string, unknown>): boolean };
}

/** The locale a content-manager write is for, as the content manager reads it: the body's (where i18n puts `?locale=`), else the default. */
async function writtenLocale(strapi: Core.Strapi, ctx: Ctx): Promise<string> {
  const body = ctx.request.body as { locale?: unknown } | undefined;
  const given = body?.locale ?? ctx.query.locale;
  if (typeof given === 'string' && given !== '') return given;
  return strapiDefaultLocale(strapi);
}

const GUARD = Symbol('newsroom locale creation guard');
const isGuard = (middleware: unknown) => typeof middleware === 'function' && GUARD in middleware;

/** 403 unless the admin user may create a version of the route's content type in the locale written. */
export const localeCreationGuard = (strapi: Core.Strapi) =>
  Object.assign(
    async (ctx: Ctx, next: () => Promise<unknown>): Promise<unknown> => {
      const model = ctx.params.model;
      if (!model || !isLocalizedType(strapi, model)) return next();
      const locale = await writtenLocale(strapi, ctx);
      if (ctx.params.id) {
        const version = await strapi.db.query(model).findOne({ select: ['id'], where: { documentId: ctx.params.id, locale } });
        // An existing version: the content manager checks its locale itself (update, publish).
        if (version) return next();
      }
      const checker = withMethods<{ create(options: { userAbility: unknown; model: string }): PermissionChecker }>(
        strapi.plugin('content-manager').service('permission-checker'),
        ['create'],
        "the content manager's permission checker",
      ).create({ userAbility: ctx.state.userAbility, model });
      if (!checker.can.create({ locale })) throw new errors.ForbiddenError(`You may not create content in locale ${locale}`);
      return next();
    },
    { [GUARD]: true },
  );

/**
 * Puts `localeCreationGuard` on CREATING_ROUTES; call from `register`, before Strapi registers the routes.
 * Returns the routes changed.
 */
export function guardLocaleCreation(strapi: Core.Strapi): string[] {
  const changed: string[] = [];
  const guard = localeCreationGuard(strapi);
  for (const router of Object.values(strapi.plugin('content-manager').routes ?? {})) {
    if (!hasRouteList(router)) continue;
    for (const route of (router as { routes: Array<{ method: string; path: string; config?: { middlewares?: unknown[] } }> }).routes) {
      if (!CREATING_ROUTES.some(({ method, path }) => route.method === method && route.path === path)) continue;
      route.config ??= {};
      // The route objects are the plugin module's, shared by every Strapi started in this process: one guard, this Strapi's.
      route.config.middlewares = [...(route.config.middlewares ?? []).filter((middleware) => !isGuard(middleware)), guard];
      changed.push(`${route.method} /content-manager${route.path}`);
    }
  }
  return changed;
}
