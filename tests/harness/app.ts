import crypto from 'crypto';
import path from 'path';
import fs from 'fs';
import { createStrapi, type Core } from '@strapi/strapi';
import { Client } from 'pg';
import request from 'supertest';
import { loadSeed, readSeed, type Seed } from '../../src/seed/seed';
import { appDir, SEED_DIR } from './constants';
import { contentKit, type ContentKit } from './content';
import { close, listen } from './servers';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- test-env is a CommonJS file the Jest setup also loads
const { applyTestEnv } = require('./test-env');

export type Database = Awaited<ReturnType<typeof freshDatabase>>;

export interface TestApp {
  strapi: Core.Strapi;
  http: () => ReturnType<typeof request>;
  client: 'sqlite' | 'postgres';
  /** Its database: the environment a script needs to work on it (tests/harness/processes.ts childEnv). */
  database: Database;
  /** Stops Strapi and drops the database, unless `keepDatabase`. */
  stop: (options?: { keepDatabase?: boolean }) => Promise<void>;
}

const adminUrl = () => process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database of its own for one test file: a SQLite file under .tmp/, or a fresh PostgreSQL database. */
export async function freshDatabase(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const name = `newsroom_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  if ((process.env.DATABASE_CLIENT ?? 'sqlite') === 'postgres') {
    await withAdminClient((c) => c.query(`CREATE DATABASE "${name}"`));
    const url = new URL(adminUrl());
    url.pathname = `/${name}`;
    return {
      env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: url.toString() },
      drop: () => withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
    };
  }
  const file = path.join(appDir, '.tmp', `${name}.db`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return {
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file },
    drop: async () => {
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
    },
  };
}

interface PoolStats {
  numUsed(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
}

/**
 * Waits (at most 10 s) until no query is running or waiting for a connection: destroying the pool
 * with work still queued (a request's tail, a publish event handler) aborts it and fails the suite.
 */
export async function settleDatabaseWork(strapi: Core.Strapi) {
  const pool = (strapi.db.connection.client as { pool?: PoolStats }).pool;
  if (!pool) return;
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline && pool.numUsed() + pool.numPendingAcquires() + pool.numPendingCreates() > 0) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Boots the real Strapi (compiled by the global setup) on a fresh database (or `database`) and mounts its HTTP server. */
export async function startApp(extraEnv: Record<string, string> = {}, given?: Database): Promise<TestApp> {
  applyTestEnv();
  const database = given ?? (await freshDatabase());
  Object.assign(process.env, database.env, extraEnv);
  const strapi = await createStrapi({ appDir, distDir: path.join(appDir, 'dist') }).load();
  strapi.server.mount();
  return {
    strapi,
    client: database.env.DATABASE_CLIENT as 'sqlite' | 'postgres',
    database,
    http: () => request(strapi.server.httpServer),
    stop: async ({ keepDatabase = false } = {}) => {
      await settleDatabaseWork(strapi);
      await strapi.destroy();
      if (!keepDatabase) await database.drop();
    },
  };
}

/** Start-up plus the seed on PostgreSQL can pass Jest's 120 s hook timeout on a busy machine. */
const BOOT_TIMEOUT_MS = 300_000;

export interface AppOptions {
  /** Environment variables of this file's app, on top of the test defaults (tests/harness/test-env.js). */
  env?: Record<string, string>;
  /** Loads the demo seed (database/seed) after start-up. */
  seed?: boolean;
}

/** The app of one test file: a TestApp that exists between the file's beforeAll and afterAll. */
export interface FileApp extends TestApp {
  /** Content builders bound to this app. */
  readonly kit: ContentKit;
  /** The seed as loaded (only with `seed: true`). */
  readonly seed: Seed;
  /** Listens on a free port of 127.0.0.1 (once) and returns the API's origin, for clients that need a URL. */
  url: () => Promise<string>;
  /** Stops the app and starts a new one on a fresh database, with `env` on top of the file's. */
  restart: (env?: Record<string, string>) => Promise<void>;
  /** Stops the app and starts it again on the same database (what a restart of the server does), with `env` on top of the file's. */
  reboot: (env?: Record<string, string>) => Promise<void>;
}

/**
 * The one-line setup of an integration test file: registers a `beforeAll` that boots Strapi on a fresh
 * database (and loads the seed if asked) and an `afterAll` that stops it, drops the database and restores
 * `process.env`. Hooks the file registers after this line run after the start, and their `afterAll`
 * after the stop.
 */
export function useApp(options: AppOptions = {}): FileApp {
  const savedEnv = { ...process.env };
  let current: TestApp | undefined;
  let seed: Seed | undefined;
  let origin: string | undefined;

  const started = () => {
    if (!current) throw new Error('The app is not running: use it inside a test or a hook registered after useApp()');
    return current;
  };
  const boot = async (env: Record<string, string> = {}, database?: Database) => {
    current = await startApp({ ...options.env, ...env }, database);
    if (options.seed && !database) {
      seed = readSeed(SEED_DIR);
      await loadSeed(current.strapi, seed);
    }
  };
  const stop = async (keepDatabase = false) => {
    if (origin) await close(current?.strapi.server.httpServer);
    origin = undefined;
    await current?.stop({ keepDatabase });
    current = undefined;
  };

  beforeAll(() => boot(), BOOT_TIMEOUT_MS);
  afterAll(async () => {
    try {
      await stop();
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
      Object.assign(process.env, savedEnv);
    }
  });

  return {
    get strapi() {
      return started().strapi;
    },
    get client() {
      return started().client;
    },
    get kit() {
      return contentKit(started().strapi);
    },
    get seed() {
      if (!seed) throw new Error('No seed: pass useApp({ seed: true })');
      return seed;
    },
    get database() {
      return started().database;
    },
    http: () => started().http(),
    url: async () => (origin ??= await listen(started().strapi.server.httpServer)),
    stop: () => stop(),
    restart: async (env) => {
      await stop();
      await boot(env);
    },
    reboot: async (env) => {
      const { database } = started();
      await stop(true);
      await boot(env, database);
    },
  };
}
