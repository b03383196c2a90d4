'use strict';
/**
 * What the operations scripts (start, doctor, backup, restore) share: where the app and its build are,
 * the environment as Strapi reads it, and one-line output in the log format of the server.
 */
const fs = require('fs');
const path = require('path');

const appDir = path.resolve(__dirname, '..', '..');
const distDir = path.join(appDir, 'dist');

/** Loads `.env` (or the file ENV_PATH names) the way Strapi does: variables already set win. */
function loadEnv() {
  const dotenv = require(require.resolve('dotenv', { paths: [path.dirname(require.resolve('@strapi/core'))] }));
  dotenv.config({ path: process.env.ENV_PATH, quiet: true });
}

class NotBuiltError extends Error {}

/** Requires a module of the compiled app (dist/), with a clear message when there is no build. */
function requireBuilt(relative) {
  const file = path.join(distDir, relative);
  if (!fs.existsSync(file)) {
    throw new NotBuiltError(`The app is not built (${path.relative(appDir, file)} is missing): run npm run build`);
  }
  return require(file);
}

/** True when the server logs JSON (LOG_FORMAT, else NODE_ENV=production); same rule as config/logger.ts. */
function jsonOutput() {
  try {
    return requireBuilt('src/settings/logging.js').logFormat(process.env) === 'json';
  } catch {
    return process.env.LOG_FORMAT === 'json' || (!process.env.LOG_FORMAT && process.env.NODE_ENV === 'production');
  }
}

/** Writes one line per message: plain text, or a JSON object per line when the server logs JSON. */
function report(level, lines, stream = level === 'error' ? process.stderr : process.stdout) {
  const json = jsonOutput();
  for (const line of lines) {
    stream.write(json ? `${JSON.stringify({ level, message: line, timestamp: new Date().toISOString() })}\n` : `${line}\n`);
  }
}

/** How long the start-up check waits for the database to accept a connection. */
const PREFLIGHT_DB_TIMEOUT_MS = 5000;

/**
 * Every problem that would stop or break a start (configuration, database connection), one line
 * each; empty when good to go. `database` describes the database reached (client, target, version).
 */
async function setupProblems() {
  const { checkConfiguration, openDatabase, uploadsProblem } = requireBuilt('src/operations/preflight.js');
  const { problems, config, failed } = checkConfiguration();
  if (!failed.includes('server') && !failed.includes('upload')) {
    const uploads = uploadsProblem(config, appDir);
    if (uploads) problems.push(uploads);
  }
  const connection = config.database && config.database.connection;
  let database = null;
  if (!failed.includes('database') && connection) {
    const { probe, db } = await openDatabase(connection, PREFLIGHT_DB_TIMEOUT_MS);
    if (db) await db.close();
    if (!probe.ok) problems.push(probe.problem);
    database = probe;
  }
  return { problems, database, config };
}

/** `PostgreSQL 127.0.0.1:5432/newsroom`, `SQLite .tmp/data.db`. */
function describeDatabase(probe) {
  if (!probe) return 'the configured database';
  const name = probe.client === 'postgres' ? 'PostgreSQL' : 'SQLite';
  const relative = path.relative(appDir, probe.target);
  return `${name} ${probe.client === 'sqlite' && !relative.startsWith('..') ? relative : probe.target}`;
}

/**
 * Loads the app from the build (no HTTP server) for a maintenance script: no scheduled jobs, no demo
 * seed, Strapi's logs from warnings up.
 */
async function loadApp() {
  process.env.CRON_ENABLED = 'false';
  process.env.SEED_ON_EMPTY = 'false';
  // Backups and restores read and write whole tables: the per-statement deadline is for serving readers.
  process.env.DATABASE_STATEMENT_TIMEOUT_MS = '0';
  const { createStrapi } = require('@strapi/strapi');
  const app = createStrapi({ appDir, distDir });
  app.log.level = 'warn';
  await app.load();
  return app;
}

module.exports = { appDir, distDir, loadEnv, requireBuilt, NotBuiltError, jsonOutput, report, setupProblems, describeDatabase, loadApp };
