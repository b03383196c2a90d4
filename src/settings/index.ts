/**
 * Every environment variable the product reads, parsed in one place (README "Configuration" lists them,
 * .env.example too). One reader per concern; `readSettings` reads them all and reports every problem
 * of every concern at once, in one SettingsError. config/*.ts hand the concerns to Strapi.
 */
import { gather, SettingsError, type Env } from './env';
import { readCacheSettings } from './cache';
import { readCorsSettings } from './cors';
import { readDatabaseSettings } from './database';
import { readDemoAccounts } from './demo-accounts';
import { readHistorySettings } from './history';
import { readLimits } from './limits';
import { readLoggingSettings } from './logging';
import { readNewsSettings } from './news';
import { readOperationsSettings } from './operations';
import { readPreviewSettings } from './preview';
import { readPurgeSettings } from './purge';
import { readSearchSettings } from './search';
import { readSecrets } from './secrets';
import { readSiteSettings } from './site';
import { readServerSettings } from './server';
import { readS3Settings } from './upload';

export { SettingsError, type Env } from './env';

const READERS = {
  secrets: readSecrets,
  server: readServerSettings,
  database: readDatabaseSettings,
  logging: readLoggingSettings,
  limits: readLimits,
  cors: readCorsSettings,
  upload: readS3Settings,
  news: readNewsSettings,
  preview: readPreviewSettings,
  site: readSiteSettings,
  cache: readCacheSettings,
  operations: (env: Env) => readOperationsSettings(env),
  demoAccounts: readDemoAccounts,
  purge: readPurgeSettings,
  search: readSearchSettings,
  history: readHistorySettings,
} satisfies Record<string, (env: Env) => unknown>;

export type Concern = keyof typeof READERS;
export type Settings = { [K in Concern]: ReturnType<(typeof READERS)[K]> };

export interface SettingsReport {
  /** The concerns that read without a problem. */
  settings: Partial<Settings>;
  /** One line per problem, each naming its variable, concern after concern. */
  problems: string[];
  /** The concerns with a problem (missing from `settings`). */
  failed: Concern[];
}

/** Every concern, the good ones and the problems of the others: for checks that go on past a problem (the preflight). */
export function checkSettings(env: Env = process.env): SettingsReport {
  const report: SettingsReport = { settings: {}, problems: [], failed: [] };
  for (const concern of Object.keys(READERS) as Concern[]) {
    const before = report.problems.length;
    const value = gather(report.problems, () => READERS[concern](env));
    if (report.problems.length > before) report.failed.push(concern);
    else Object.assign(report.settings, { [concern]: value });
  }
  return report;
}

/** Every setting; throws one SettingsError listing every problem of every concern. */
export function readSettings(env: Env = process.env): Settings {
  const { settings, problems } = checkSettings(env);
  if (problems.length > 0) throw new SettingsError(problems);
  return settings as Settings;
}
