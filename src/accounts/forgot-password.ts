/**
 * POST /api/auth/forgot-password answers alike for every address. users-permissions answers `{ ok: true }` at
 * once for an address with no account, but for a real account it stores a reset token and then awaits the
 * email: when sending fails (no mail provider, an unreachable domain) that was a 500, which told anyone which
 * addresses have accounts. A failure after the token is stored now answers `{ ok: true }` too and is logged;
 * client errors (a malformed address, the rate limit) pass as they are.
 */
import type { Core } from '@strapi/strapi';
import { isClientFacingError } from '../middlewares/internal-errors';

interface PluginRoute {
  method: string;
  path: string;
  config?: { middlewares?: unknown[] } & Record<string, unknown>;
}

type Ctx = { status: number; body: unknown };

/** The route middleware: a failure the client is not meant to read answers as an unknown address does. */
export function answerAlike(log: (message: string) => void) {
  return async (ctx: Ctx, next: () => Promise<unknown>) => {
    try {
      await next();
    } catch (error) {
      if (isClientFacingError(error)) throw error;
      log(`POST /api/auth/forgot-password: the reset email was not sent: ${error instanceof Error ? error.message : String(error)}`);
      ctx.status = 200;
      ctx.body = { ok: true };
    }
  };
}

/** Puts `answerAlike` in front of users-permissions' forgot-password route (call in register()). */
export function guardForgotPassword(strapi: Core.Strapi): void {
  const routers = strapi.plugin('users-permissions').routes as unknown as Record<string, { routes: PluginRoute[] }>;
  const route = routers['content-api'].routes.find((candidate) => candidate.method === 'POST' && candidate.path === '/auth/forgot-password');
  if (!route) throw new Error('users-permissions has no POST /auth/forgot-password route to guard');
  const guard = answerAlike((message) => strapi.log.error(message));
  route.config = { ...route.config, middlewares: [...(route.config?.middlewares ?? []), guard] };
}
