/**
 * POST /api/auth/forgot-password and the GraphQL `forgotPassword` mutation answer alike for every address.
 * users-permissions answers `{ ok: true }` at once for an address with no account, but for a real account it stores a reset token and then awaits the
 * email: when sending fails (no mail provider, an unreachable domain) that was a 500, which told anyone which
 * addresses have accounts. A failure after the token is stored now answers `{ ok: true }` too and is logged;
 * client errors (a malformed address, the rate limit) pass as they are.
 */
import type { Core } from '@strapi/strapi';
import { isClientFacingError } from '../middlewares/internal-errors';

type Ctx = { status: number; body: unknown };
type Action = (ctx: Ctx) => Promise<unknown>;

/** `action`, but a failure the client is not meant to read answers as an unknown address does. */
export function answerAlike(action: Action, log: (message: string) => void): Action {
  return async (ctx) => {
    try {
      return await action(ctx);
    } catch (error) {
      if (isClientFacingError(error)) throw error;
      log(`forgot-password: the reset email was not sent: ${error instanceof Error ? error.message : String(error)}`);
      ctx.status = 200;
      ctx.body = { ok: true };
      return undefined;
    }
  };
}

/**
 * Wraps users-permissions' `auth.forgotPassword` (call in register(), before routes are mounted): the REST
 * route and the GraphQL `forgotPassword` mutation both call it.
 */
export function guardForgotPassword(strapi: Core.Strapi): void {
  const auth = strapi.plugin('users-permissions').controller('auth') as unknown as Record<string, Action | undefined>;
  const original = auth.forgotPassword;
  if (typeof original !== 'function') throw new Error('users-permissions has no auth.forgotPassword to guard');
  auth.forgotPassword = answerAlike(original.bind(auth), (message) => strapi.log.error(message));
}
