/**
 * The checks `npm start` runs before Strapi boots and `npm run doctor` runs for an operator. The
 * configuration rules (secrets, DATABASE_*, NEWS_*, PREVIEW_*, S3_*, operations...) are the settings
 * module's (src/settings), the one the config files read, so a check and the start-up can never
 * disagree; what is here is the rest: the database, its migrations, the disk and the uploads folder.
 */
import fs from 'fs';
import path from 'path';
import { checkSettings, type Concern, type Env } from '../settings';
import { databaseConfig } from '../settings/database';
import type { PurgeSettings } from '../settings/purge';
import type { SearchSettings } from '../settings/search';
import type { NewsSettings } from '../settings/news';
import type { SearchLanguageRule } from '../search/languages';
import { s3UploadConfig } from '../settings/upload';

/** What the config files resolve to, as far as the checks need it. */
export interface ResolvedConfig {
  database?: { connection?: { client?: string; connection?: Record<string, unknown> }; settings?: { useTypescriptMigrations?: boolean } };
  server?: { dirs?: { public?: string } };
  plugins?: { upload?: { config?: { provider?: string; providerOptions?: { s3Options?: { params?: { Bucket?: string } } } } } };
  operations?: { backupDir?: string; minFreeDiskMb?: number };
  site?: { publicUrl: string | null };
  purge?: PurgeSettings;
  search?: SearchSettings;
  /** Each locale's search language follows from these (src/search/languages.ts); missing when SEARCH_LANGUAGE or the locales are bad. */
  searchLanguageRule?: SearchLanguageRule;
  /** The locales (NEWS_DEFAULT_LOCALE, NEWS_LOCALE_FALLBACK, NEWS_LOCALE_<TAG>_*), for the doctor's locales line. */
  news?: { locales: NewsSettings['locales'] };
}

export interface ConfigurationReport {
  /** One line per problem; empty when every variable is valid. */
  problems: string[];
  config: ResolvedConfig;
  /** The settings concerns with a problem (src/settings/index.ts): their part of `config` is missing. */
  failed: Concern[];
}

/** Every problem of every variable at once, and what the concerns that read well configure. */
export function checkConfiguration(env: Env = process.env): ConfigurationReport {
  const { settings, problems, failed } = checkSettings(env);
  const { database, server, upload, operations, limits, site, purge, search, news } = settings;
  const config: ResolvedConfig = {
    ...(database && { database: databaseConfig(database, limits?.budgets.statementTimeoutMs ?? 0) }),
    ...(server && { server: { dirs: { public: server.publicDir } } }),
    ...(upload !== undefined && { plugins: upload ? { upload: s3UploadConfig(upload) } : {} }),
    ...(operations && { operations }),
    ...(site && { site }),
    ...(purge && { purge }),
    ...(search && { search }),
    ...(news && { news: { locales: news.locales } }),
    ...(search && news && { searchLanguageRule: { defaultLocale: news.locales.defaultLocale, defaultLanguage: search.language } }),
  };
  return { problems, config, failed };
}

/**
 * The nearest existing folder of `target` (itself when it exists), and whether a file can really be
 * created there: a probe folder is made and removed, since `access(W_OK)` says yes to root even on /proc.
 */
export function writableAncestor(target: string): { dir: string; writable: boolean } {
  let dir = target;
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    if (!fs.statSync(dir).isDirectory()) return { dir, writable: false };
    fs.rmdirSync(fs.mkdtempSync(path.join(dir, '.newsroom-write-probe-')));
    return { dir, writable: true };
  } catch {
    return { dir, writable: false };
  }
}

// ---------------------------------------------------------------------------------------------------
// Database

export interface DatabaseProbe {
  ok: boolean;
  client: string;
  /** Where, without credentials: `PostgreSQL 127.0.0.1:5432/newsroom`, `SQLite /srv/data.db`. */
  target: string;
  /** Server version when reached. */
  version?: string;
  /** One line: what is wrong and what to do. */
  problem?: string;
  /** Informational remark (e.g. the SQLite file does not exist yet). */
  note?: string;
}

export interface Queryable {
  query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
  close: () => Promise<void>;
}

/** The part of better-sqlite3 used here (it ships no types). */
type SqliteConstructor = new (
  filename: string,
  options: { readonly: boolean; fileMustExist: boolean; timeout: number },
) => { prepare: (sql: string) => { get: (...params: unknown[]) => unknown; all: (...params: unknown[]) => unknown[] }; close: () => void };

/** Strapi 5 supports PostgreSQL 14 and later. */
export const MIN_POSTGRES_MAJOR = 14;

/** A connection setting as text: the config holds strings or numbers there. */
const setting = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback);

const pgTarget = (connection: Record<string, unknown>) => {
  if (typeof connection.connectionString === 'string') {
    try {
      const url = new URL(connection.connectionString);
      return `${url.hostname || 'localhost'}:${url.port || 5432}${url.pathname || '/'}`;
    } catch {
      return 'DATABASE_URL (unparseable)';
    }
  }
  return `${setting(connection.host, 'localhost')}:${setting(connection.port, '5432')}/${setting(connection.database, '')}`;
};

function pgProblem(error: unknown, target: string, timeoutMs: number, connection: Record<string, unknown>): string {
  const e = error as { code?: string; message?: string };
  const where = `PostgreSQL at ${target}`;
  const fix = connection.connectionString ? 'DATABASE_URL' : 'DATABASE_HOST / DATABASE_PORT';
  switch (e.code) {
    case 'ECONNREFUSED':
      return `Database: ${where} refused the connection: start PostgreSQL or fix ${fix}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Database: the host of ${where} is unknown: fix ${fix}`;
    case 'ETIMEDOUT':
      return `Database: ${where} did not answer: check ${fix} and the network`;
    case '3D000':
      return `Database: ${where} has no such database: create it (createdb) or fix ${connection.connectionString ? 'DATABASE_URL' : 'DATABASE_NAME'}`;
    case '28P01':
    case '28000':
      return `Database: ${where} refused the login: check ${connection.connectionString ? 'the user and password in DATABASE_URL' : 'DATABASE_USERNAME / DATABASE_PASSWORD'}`;
    default:
      if (/timeout/i.test(e.message ?? '')) return `Database: ${where} did not answer within ${timeoutMs} ms: check ${fix} and the network`;
      return `Database: cannot use ${where}: ${e.message ?? String(error)}`;
  }
}

/** Opens a connection to the configured database (knex `connection` block of config/database.ts). */
export async function openDatabase(
  databaseConfig: { client?: string; connection?: Record<string, unknown> },
  timeoutMs: number,
  { readonly = true }: { readonly?: boolean } = {},
): Promise<{ probe: DatabaseProbe; db?: Queryable }> {
  const client = databaseConfig.client ?? 'sqlite';
  const connection = databaseConfig.connection ?? {};
  if (client === 'postgres') {
    const target = pgTarget(connection);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- pg is loaded only when the database is PostgreSQL
    const { Client } = require('pg') as typeof import('pg');
    const { schema: _schema, ...options } = connection;
    const pg = new Client({ ...options, connectionTimeoutMillis: timeoutMs });
    pg.on('error', () => undefined);
    try {
      await pg.connect();
      const rows = (await pg.query('SHOW server_version')).rows as { server_version: string }[];
      const version = rows[0]?.server_version.split(' ')[0] ?? 'unknown';
      const schema = typeof connection.schema === 'string' ? connection.schema : 'public';
      const schemas = await pg.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
      const db: Queryable = { query: async (sql, params) => (await pg.query(sql, params as unknown[])).rows, close: () => pg.end() };
      if (schemas.rowCount === 0) {
        await db.close();
        return {
          probe: { ok: false, client, target, version, problem: `Database: schema "${schema}" does not exist in ${target}: create it or fix DATABASE_SCHEMA` },
        };
      }
      return { probe: { ok: true, client, target, version }, db };
    } catch (error) {
      await pg.end().catch(() => undefined);
      return { probe: { ok: false, client, target, problem: pgProblem(error, target, timeoutMs, connection) } };
    }
  }

  if (client === 'sqlite') {
    const filename = setting(connection.filename, '');
    const target = filename;
    if (!fs.existsSync(filename)) {
      // Strapi creates the folder and the file at the first start: the nearest existing folder must be writable.
      const { dir, writable } = writableAncestor(path.dirname(filename));
      if (!writable) {
        return {
          probe: {
            ok: false,
            client,
            target,
            problem: `Database: cannot create the SQLite file ${filename} (${dir} is not a writable folder): fix DATABASE_FILENAME`,
          },
        };
      }
      return { probe: { ok: true, client, target, note: 'the file does not exist yet; Strapi creates it at the first start' } };
    }
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- better-sqlite3 is loaded only when the database is SQLite
      const Sqlite = require('better-sqlite3') as SqliteConstructor;
      const sqlite = new Sqlite(filename, { readonly, fileMustExist: true, timeout: timeoutMs });
      const version = (sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v;
      if (!readonly) fs.accessSync(filename, fs.constants.W_OK);
      const db: Queryable = {
        // better-sqlite3 is synchronous; async keeps a throw a rejection, like the pg side of Queryable.
        // eslint-disable-next-line @typescript-eslint/require-await -- see the line above
        query: async (sql, params = []) => sqlite.prepare(sql).all(...params) as Record<string, unknown>[],
        // eslint-disable-next-line @typescript-eslint/require-await -- as for query
        close: async () => void sqlite.close(),
      };
      return { probe: { ok: true, client, target, version }, db };
    } catch (error) {
      return {
        probe: {
          ok: false,
          client,
          target,
          problem: `Database: cannot open the SQLite file ${filename}: ${error instanceof Error ? error.message : String(error)}`,
        },
      };
    }
  }

  return { probe: { ok: false, client, target: client, problem: `Database: unsupported client "${client}"` } };
}

// ---------------------------------------------------------------------------------------------------
// Migrations

export interface MigrationReport {
  /** The database has no Strapi tables yet: the first start creates them. */
  empty: boolean;
  pendingInternal: string[];
  pendingUser: string[];
}

async function tableNames(db: Queryable, client: string, schema: string): Promise<Set<string>> {
  const rows =
    client === 'postgres'
      ? await db.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1', [schema])
      : await db.query("SELECT name FROM sqlite_master WHERE type = 'table'");
  return new Set(rows.map((row) => String(row.name)));
}

/** Strapi's own (internal) migrations of the installed version, in order. */
export function internalMigrationNames(): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal file of @strapi/database with no exported types
  const { internalMigrations } = require('@strapi/database/dist/migrations/internal-migrations/index.js') as { internalMigrations: { name: string }[] };
  return internalMigrations.map((migration) => migration.name);
}

/**
 * Where Strapi looks for the app's migrations: database/migrations, or its compiled copy in the build
 * when `database.settings.useTypescriptMigrations` is on.
 */
export function userMigrationsDir(config: ResolvedConfig, appDir: string, distDir: string): string {
  return path.join(config.database?.settings?.useTypescriptMigrations ? distDir : appDir, 'database', 'migrations');
}

/** The app's migration files (*.js|*.sql in `dir`), as Strapi discovers them. */
export function userMigrationNames(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => !name.startsWith('.') && (name.endsWith('.js') || name.endsWith('.sql')))
    .sort();
}

/** Migrations that the next start would run: Strapi's internal ones and the app's (in `migrationsDir`). */
export async function pendingMigrations(db: Queryable, client: string, schema: string, migrationsDir: string): Promise<MigrationReport> {
  const tables = await tableNames(db, client, schema);
  if (!tables.has('strapi_core_store_settings')) return { empty: true, pendingInternal: [], pendingUser: [] };
  const done = async (table: string) =>
    tables.has(table) ? new Set((await db.query(`SELECT name FROM ${table}`)).map((row) => String(row.name))) : new Set<string>();
  const internalDone = await done('strapi_migrations_internal');
  const userDone = await done('strapi_migrations');
  return {
    empty: false,
    pendingInternal: internalMigrationNames().filter((name) => !internalDone.has(name)),
    pendingUser: userMigrationNames(migrationsDir).filter((name) => !userDone.has(name)),
  };
}

// ---------------------------------------------------------------------------------------------------
// Disk

export interface DiskReport {
  ok: boolean;
  dir: string;
  freeMb?: number;
  problem?: string;
}

/** Free space and write access where `dir` is (or would be created). */
export function checkDisk(dir: string, minFreeMb: number, purpose: string, variable: string): DiskReport {
  const { dir: existing, writable } = writableAncestor(dir);
  if (!writable) return { ok: false, dir, problem: `${purpose}: ${existing} is not a writable folder: fix its permissions or ${variable}` };
  const stats = fs.statfsSync(existing);
  const freeMb = Math.floor((Number(stats.bavail) * Number(stats.bsize)) / (1024 * 1024));
  if (freeMb < minFreeMb) {
    return {
      ok: false,
      dir,
      freeMb,
      problem: `${purpose}: only ${freeMb} MB free at ${dir} (DOCTOR_MIN_FREE_MB=${minFreeMb}): free some space or move ${variable}`,
    };
  }
  return { ok: true, dir, freeMb };
}

// ---------------------------------------------------------------------------------------------------
// Uploads

/** `<PUBLIC_DIR>/uploads`, where Strapi's local upload provider stores media (null when media go elsewhere, e.g. S3). */
export function localUploadsDir(config: ResolvedConfig, appDir: string): string | null {
  const provider = config.plugins?.upload?.config?.provider;
  if (provider && provider !== 'local') return null;
  return path.join(path.resolve(appDir, config.server?.dirs?.public ?? './public'), 'uploads');
}

/** Strapi's local upload provider refuses to start without a writable uploads folder: say so in one line. */
export function uploadsProblem(config: ResolvedConfig, appDir: string): string | null {
  const dir = localUploadsDir(config, appDir);
  if (dir === null) return null;
  if (!fs.existsSync(dir)) return `Uploads: the folder ${dir} does not exist: create it (mkdir -p ${dir}) or fix PUBLIC_DIR`;
  const { writable } = writableAncestor(dir);
  if (!writable) return `Uploads: ${dir} is not a writable folder: fix its permissions or PUBLIC_DIR`;
  return null;
}
