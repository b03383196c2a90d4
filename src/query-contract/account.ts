/**
 * The query contract of the one users-permissions read a signed-in reader may call, GET /api/users/me
 * (sign-up is open, so "signed in" is anyone). Unguarded, `populate=role.users.role.users…` there held
 * the event loop for 16 s, as dotted populate did on the reader routes. Allowed: the account's own
 * non-private fields; nothing to populate (Strapi's sanitizer drops `role` for readers anyway).
 */
import type { Core } from '@strapi/strapi';
import { enforceQueryContract } from '../middlewares/query-contract';
import { buildQueryContract, CONTRACT_LIMITS, type QueryContract, type SchemaModel } from './contract';

export const ACCOUNT_UID = 'plugin::users-permissions.user';

export function accountQueryContract(strapi: Core.Strapi): QueryContract {
  return buildQueryContract(
    {
      contentType: (uid) => (strapi.contentTypes as unknown as Record<string, SchemaModel | undefined>)[uid],
      component: (uid) => (strapi.components as unknown as Record<string, SchemaModel | undefined>)[uid],
    },
    [ACCOUNT_UID],
    CONTRACT_LIMITS,
  );
}

interface PluginRoute {
  method: string;
  path: string;
  config?: { middlewares?: unknown[] } & Record<string, unknown>;
}

/** Puts the account contract in front of GET /api/users/me (call in register(), before routes are mounted). */
export function guardAccountQueries(strapi: Core.Strapi): void {
  const routers = strapi.plugin('users-permissions').routes as unknown as Record<string, { routes: PluginRoute[] }>;
  const routes = routers['content-api'].routes;
  const me = routes.find((route) => route.method === 'GET' && route.path === '/users/me');
  if (!me) throw new Error('users-permissions has no GET /users/me route to guard');
  let contract: QueryContract | null = null;
  const guard = enforceQueryContract(strapi, () => (contract ??= accountQueryContract(strapi)), { uid: ACCOUNT_UID, single: true });
  me.config = { ...me.config, middlewares: [...(me.config?.middlewares ?? []), guard] };
}
