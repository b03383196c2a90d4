/**
 * Demo admin accounts, created in development only (src/bootstrap/demo-accounts.ts).
 *
 *   DEMO_REPORTER_EMAIL, DEMO_REPORTER_PASSWORD   the demo reporter (both, or no account)
 *   DEMO_EDITOR_EMAIL, DEMO_EDITOR_PASSWORD       the demo editor (both, or no account)
 */
import type { Env } from './env';

export interface DemoAccountSetting {
  role: 'reporter' | 'editor';
  /** Lower-cased. */
  email: string;
  password: string;
}

/** Demo accounts exist only in development: NODE_ENV `development` or unset. */
export function isDevelopment(env: Env): boolean {
  const nodeEnv = env.NODE_ENV?.trim();
  return !nodeEnv || nodeEnv === 'development';
}

/** The demo accounts configured in `env`; an account needs both its email and its password. */
export function readDemoAccounts(env: Env): DemoAccountSetting[] {
  return (['reporter', 'editor'] as const).flatMap((role) => {
    const prefix = `DEMO_${role.toUpperCase()}`;
    const email = env[`${prefix}_EMAIL`]?.trim().toLowerCase();
    const password = env[`${prefix}_PASSWORD`];
    return email && password ? [{ role, email, password }] : [];
  });
}
