/**
 * POST /api/auth/forgot-password and the GraphQL `forgotPassword` mutation answer alike for every address.
 * users-permissions answers `{ ok: true }` at once for an address with no account, but for a real account it stores a reset token and then awaits the
 * email: when sending fails (no mail provider, an unreachable domain) that was a 500, which told anyone which
 * addresses have accounts, and even a working mail server made the answer tens of ms slower for them. The
 * reset email is now sent after the answer (a failure is logged), and any other failure answers `{ ok: true }`
 * too; client errors (a malformed address, the rate limit) pass as they are.
 */
import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';
import { isClientFacingError } from '../middlewares/internal-errors';
import { withMethods } from '../internals/shapes';

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

type Send = (options: unknown) => Promise<unknown>;

/**
 * Wraps users-permissions' `auth.forgotPassword` (call in register(), before routes are mounted): the REST
 * route and the GraphQL `forgotPassword` mutation both call it. Emails sent from inside it leave in the
 * background; every other email (the admin panel's) is still awaited.
 */
export function guardForgotPassword(strapi: Core.Strapi): void {
  const log = (message: string) => strapi.log.error(message);
  const inForgotPassword = new AsyncLocalStorage<true>();
  const email = withMethods<{ send: Send }>(strapi.plugin('email').service('email'), ['send'], "the email plugin's email service");
  const send = email.send;
  email.send = (options) => {
    if (!inForgotPassword.getStore()) return send.call(email, options);
    send
      .call(email, options)
      .catch((error: unknown) => log(`forgot-password: the reset email was not sent: ${error instanceof Error ? error.message : String(error)}`));
    return Promise.resolve();
  };
  const auth = withMethods<{ forgotPassword: Action }>(
    strapi.plugin('users-permissions').controller('auth'),
    ['forgotPassword'],
    "users-permissions' auth controller",
  );
  const original = auth.forgotPassword;
  auth.forgotPassword = answerAlike((ctx) => inForgotPassword.run(true, () => original.call(auth, ctx)), log);
}
