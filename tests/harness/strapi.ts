import crypto from 'crypto';
import path from 'path';
import fs from 'fs';
import { createStrapi, type Core } from '@strapi/strapi';
import { Client } from 'pg';
import request from 'supertest';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- test-env is a CommonJS file the Jest setup also loads
const { applyTestEnv } = require('./test-env');

export interface TestApp {
  strapi: Core.Strapi;
  http: () => ReturnType<typeof request>;
  client: 'sqlite' | 'postgres';
  stop: () => Promise<void>;
}

const appDir = path.resolve(__dirname, '..', '..');
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

/** Boots the real Strapi (compiled by the global setup) on a fresh database and mounts its HTTP server. */
export async function startApp(extraEnv: Record<string, string> = {}): Promise<TestApp> {
  applyTestEnv();
  const database = await freshDatabase();
  Object.assign(process.env, database.env, extraEnv);
  const strapi = await createStrapi({ appDir, distDir: path.join(appDir, 'dist') }).load();
  strapi.server.mount();
  return {
    strapi,
    client: database.env.DATABASE_CLIENT as 'sqlite' | 'postgres',
    http: () => request(strapi.server.httpServer),
    stop: async () => {
      await settleDatabaseWork(strapi);
      await strapi.destroy();
      await database.drop();
    },
  };
}
