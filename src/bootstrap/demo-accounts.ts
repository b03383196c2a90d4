import type { Core } from '@strapi/strapi';
import { isDevelopment, readDemoAccounts } from '../settings/demo-accounts';
import type { Env } from '../settings/env';
import { EDITOR, REPORTER } from './roles';

export interface DemoAccount {
  role: 'reporter' | 'editor';
  roleCode: string;
  email: string;
  password: string;
  firstname: string;
  lastname: string;
}

export type DemoAccountsOutcome =
  | { status: 'disabled'; reason: string }
  | { status: 'waiting-for-first-admin'; accounts: DemoAccount[] }
  | { status: 'done'; created: string[]; kept: string[] };

/** Strapi's own rule for admin passwords: 8+ characters, at most 72 bytes, a lower-case letter, an upper-case letter and a digit. */
export function isAcceptedAdminPassword(password: string): boolean {
  return password.length >= 8 && Buffer.byteLength(password) <= 72 && /[a-z]/.test(password) && /[A-Z]/.test(password) && /\d/.test(password);
}

const ROLES = {
  reporter: { roleCode: REPORTER.code, firstname: 'Demo', lastname: 'Reporter' },
  editor: { roleCode: EDITOR.code, firstname: 'Demo', lastname: 'Editor' },
} as const;

/** The demo accounts configured in `env` (src/settings/demo-accounts.ts), with their roles and names. */
export function demoAccountsFrom(env: Env): DemoAccount[] {
  return readDemoAccounts(env).map((account) => ({ ...account, ...ROLES[account.role] }));
}

async function superAdminUserExists(strapi: Core.Strapi): Promise<boolean> {
  const count = await strapi.db.query('admin::user').count({ where: { roles: { code: 'strapi-super-admin' } } });
  return count > 0;
}

/**
 * Creates the demo reporter and editor accounts from `env`, in development only. An account whose
 * email already exists is kept as it is (its password is never overwritten). A password Strapi
 * would refuse is skipped with a warning.
 *
 * The accounts are created only once a super admin exists: Strapi shows its "create the first
 * administrator" screen only while there is no admin user at all, so creating demo accounts on a
 * fresh database would lock everyone out of the Super Admin role. Until then the outcome is
 * `waiting-for-first-admin`, and `registerDemoAccounts` creates them as soon as the first admin
 * registers.
 */
export async function ensureDemoAccounts(strapi: Core.Strapi, env: Env = process.env): Promise<DemoAccountsOutcome> {
  if (!isDevelopment(env)) return { status: 'disabled', reason: `NODE_ENV is ${env.NODE_ENV}` };
  const accounts = demoAccountsFrom(env);
  if (accounts.length === 0) return { status: 'disabled', reason: 'no DEMO_* variables set' };
  if (!(await superAdminUserExists(strapi))) return { status: 'waiting-for-first-admin', accounts };

  const created: string[] = [];
  const kept: string[] = [];
  for (const account of accounts) {
    const existing = await strapi.db.query('admin::user').findOne({ select: ['id'], where: { email: { $eqi: account.email } } });
    if (existing) {
      kept.push(account.email);
      continue;
    }
    if (!isAcceptedAdminPassword(account.password)) {
      strapi.log.warn(
        `Demo ${account.role} account ${account.email} not created: its password needs 8+ characters with a lower-case letter, an upper-case letter and a digit`,
      );
      continue;
    }
    const role = await strapi.db.query('admin::role').findOne({ select: ['id'], where: { code: account.roleCode } });
    if (!role) throw new Error(`Demo ${account.role} account: the role ${account.roleCode} is missing`);
    await strapi.service('admin::user').create({
      email: account.email,
      firstname: account.firstname,
      lastname: account.lastname,
      password: account.password,
      isActive: true,
      registrationToken: null,
      roles: [role.id],
    });
    created.push(account.email);
    strapi.log.info(`Demo ${account.role} account created: ${account.email} (development only)`);
  }
  return { status: 'done', created, kept };
}

/**
 * Bootstrap entry: creates the demo accounts now, or, on a fresh database, right after the first
 * administrator registers in the admin panel.
 */
export async function registerDemoAccounts(strapi: Core.Strapi, env: Env = process.env): Promise<DemoAccountsOutcome> {
  const outcome = await ensureDemoAccounts(strapi, env);
  if (outcome.status !== 'waiting-for-first-admin') return outcome;

  strapi.log.info('Demo reporter/editor accounts will be created once the first administrator has registered');
  let pending = true;
  strapi.eventHub.on('user.create', async () => {
    if (!pending) return;
    try {
      if (!(await superAdminUserExists(strapi))) return;
      pending = false;
      await ensureDemoAccounts(strapi, env);
    } catch (error) {
      strapi.log.error(`Demo accounts not created: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return outcome;
}
