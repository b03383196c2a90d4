'use strict';
/**
 * Pieces shared by the benchmark (bench/run.js) and the load test (bench/load.js): a fresh database, a free
 * port, the bench/server.js child process, and a sampler of the server's resident memory.
 */
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const path = require('path');
const { fork } = require('child_process');

const appDir = path.resolve(__dirname, '..');

const { randomSecrets } = require('../scripts/lib/secrets');

/** The environment of a production server on 127.0.0.1:port: this database, fresh random secrets, no cron. */
function serverEnv(port, databaseEnv) {
  return {
    ...process.env,
    ...databaseEnv,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    PUBLIC_SITE_URL: 'https://news.example.com',
    SITE_NAME: 'Bench Times',
    LOG_LEVEL: 'warn',
    STRAPI_TELEMETRY_DISABLED: 'true',
    CRON_ENABLED: 'false',
    ...randomSecrets(),
  };
}

async function freshDatabase(db, n) {
  const id = `${n}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  if (db === 'postgres') {
    const { Client } = require('pg');
    const adminUrl = process.env.BENCH_POSTGRES_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `newsroom_bench_${id}`;
    const admin = async (sql) => {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await admin(`CREATE DATABASE "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      label: name,
      env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: url.toString() },
      drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    };
  }
  const file = path.join(appDir, '.tmp', 'bench', `bench_${id}.db`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const remove = async () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
  };
  await remove();
  return { label: path.relative(appDir, file), env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file }, drop: remove };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A child running bench/server.js; resolves with the first message of the expected type. `name` names its log file. */
function child(mode, env, execArgv = [], name = mode) {
  const proc = fork(path.join(__dirname, 'server.js'), [mode], { cwd: appDir, env, execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  // The server's own output (start-up banner, warnings) goes to a log file, not into the report.
  const logFile = path.join(appDir, '.tmp', 'bench', `server-${name}.log`);
  const out = fs.createWriteStream(logFile);
  proc.stdout.pipe(out);
  proc.stderr.pipe(out);
  proc.stderr.on('data', (chunk) => {
    const text = chunk.toString();
    if (/error/i.test(text)) process.stderr.write(`[server ${name}] ${text.slice(0, 2000)}`);
  });
  const waiters = [];
  let exited = null;
  proc.on('message', (message) => {
    const index = waiters.findIndex((w) => w.type === message.type || message.type === 'error');
    if (index >= 0) {
      const [waiter] = waiters.splice(index, 1);
      if (message.type === 'error') waiter.reject(new Error(`bench/server.js ${mode}: ${message.message}`));
      else waiter.resolve(message);
    }
  });
  proc.on('exit', (code, signal) => {
    exited = { code, signal };
    for (const waiter of waiters.splice(0)) waiter.reject(new Error(`bench/server.js ${mode} exited (${signal || code})`));
  });
  return {
    proc,
    next: (type) =>
      new Promise((resolve, reject) => {
        if (exited) reject(new Error(`bench/server.js ${mode} exited (${exited.signal || exited.code})`));
        else waiters.push({ type, resolve, reject });
      }),
    send: (message) => proc.send(message),
    exited: () => exited,
  };
}

/** Samples the server's resident memory (VmRSS) every 100 ms; `mark()` starts a new phase. */
function rssSampler(pid) {
  const read = () => {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      return match ? Number(match[1]) / 1024 : 0;
    } catch {
      try {
        return (
          Number(
            require('child_process')
              .execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
              .toString()
              .trim(),
          ) / 1024
        );
      } catch {
        return 0;
      }
    }
  };
  let phase = 0;
  let overall = 0;
  const timer = setInterval(() => {
    const value = read();
    phase = Math.max(phase, value);
    overall = Math.max(overall, value);
  }, 100);
  return {
    mark() {
      const value = read();
      const peak = Math.max(phase, value);
      phase = 0;
      overall = Math.max(overall, peak);
      return peak;
    },
    overall: () => overall,
    stop: () => clearInterval(timer),
  };
}

function percentile(sorted, p) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

module.exports = { appDir, serverEnv, freshDatabase, freePort, child, rssSampler, percentile, round };
