/**
 * The query contract of the one users-permissions read a signed-in reader may call, GET /api/users/me
 * (sign-up is open, so "signed in" is anyone). Unguarded, `populate=role.users.role.users…` there held
 * the event loop for 16 s, as dotted populate did on the reader routes. Allowed: the account's own
 * non-private fields; nothing to populate (Strapi's sanitizer drops `role` for readers anyway).
 */
import type { Core } from '@strapi/strapi';
import { enforceQueryContract } from '../middlewares/query-contract';
import { buildQueryContract, CONTRACT_LIMITS, type QueryContract } from './contract';
import { strapiSchemas } from './schemas';
import { hasRouteList } from '../internals/shapes';

export const ACCOUNT_UID = 'plugin::users-permissions.user';

export function accountQueryContract(strapi: Core.Strapi): QueryContract {
  return buildQueryContract(strapiSchemas(strapi), [ACCOUNT_UID], CONTRACT_LIMITS);
}

/** The content-API routes of a plugin's `routes` (a list, or routers by name; Strapi's types allow both). */
function contentApiRoutes(routes: Core.Plugin['routes']): Core.Route[] {
  if (Array.isArray(routes)) return routes;
  if (!hasRouteList(routes['content-api'])) throw new Error('users-permissions has no content-api router');
  return routes['content-api'].routes;
}

/** Puts the account contract in front of GET /api/users/me (call in register(), before routes are mounted). */
export function guardAccountQueries(strapi: Core.Strapi): void {
  const me = contentApiRoutes(strapi.plugin('users-permissions').routes).find((route) => route.method === 'GET' && route.path === '/users/me');
  if (!me) throw new Error('users-permissions has no GET /users/me route to guard');
  let contract: QueryContract | null = null;
  const guard = enforceQueryContract(strapi, () => (contract ??= accountQueryContract(strapi)), { uid: ACCOUNT_UID, single: true });
  me.config = { ...me.config, middlewares: [...(me.config?.middlewares ?? []), guard] };
}
