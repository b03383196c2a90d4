/**
 * What the browser test runs against: the production build of the CMS on a fresh SQLite file, the
 * reference reader (for previews), and admin accounts made through the admin API. Every process is
 * a child of the test and is stopped by it.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';

export const appDir = path.resolve(__dirname, '..', '..');
export const workDir = path.join(appDir, '.tmp', 'e2e');
export const screenshotDir = path.join(appDir, 'e2e', 'screenshots');

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script shared with the Node scripts, no types to import
const { randomSecrets } = require('../../scripts/lib/secrets') as { randomSecrets: () => Record<string, string> };

/** Fresh random secrets and the settings every process of one run shares. */
export function runEnv(run: string, ports: { cms: number; reader: number }): Record<string, string> {
  return {
    NODE_ENV: 'production',
    STRAPI_TELEMETRY_DISABLED: 'true',
    HOST: '127.0.0.1',
    PORT: String(ports.cms),
    PUBLIC_URL: '',
    ...randomSecrets(),
    READER_URL: `http://127.0.0.1:${ports.reader}`,
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: path.join(workDir, `${run}.db`),
    SEED_ON_EMPTY: 'true',
    CRON_ENABLED: 'false',
  };
}

/** A TCP port nobody listens on right now (the test harness's). */
export { freePort } from '../../tests/harness/processes';

import { sleep } from '../../tests/harness/time';

/** The compile lock shared with the Jest global setup and the benchmark (scripts/lib/compile-lock.js). */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script shared with the Node scripts, no types to import
const { withCompileLock } = require('../../scripts/lib/compile-lock') as {
  withCompileLock: <T>(appDir: string, work: () => T | Promise<T>) => Promise<T>;
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * One browser test at a time per checkout: a run rebuilds dist/build, which another run's server is
 * serving. Waits for a live holder (up to `timeoutMs`); a lock whose process is gone is taken over.
 * Returns the release function.
 */
export async function acquireRunLock(timeoutMs = 600000): Promise<() => void> {
  const lockDir = path.join(workDir, 'run.lock');
  const pidFile = path.join(lockDir, 'pid');
  fs.mkdirSync(workDir, { recursive: true });
  const started = Date.now();
  let said = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(pidFile, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder = NaN;
      try {
        holder = Number.parseInt(fs.readFileSync(pidFile, 'utf8'), 10);
      } catch {
        // being created or removed right now
      }
      const age = (() => {
        try {
          return Date.now() - fs.statSync(lockDir).mtimeMs;
        } catch {
          return 0;
        }
      })();
      if ((Number.isInteger(holder) && !alive(holder)) || (!Number.isInteger(holder) && age > 10000)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      // eslint-disable-next-line preserve-caught-error -- the lock being held is the error here, not the EEXIST that told us so
      if (Date.now() - started > timeoutMs) throw new Error(`another browser test (pid ${holder}) holds ${path.relative(appDir, lockDir)}`);
      if (!said) {
        process.stdout.write(`[e2e] waiting for the browser test run by pid ${holder} to finish\n`);
        said = true;
      }
      await sleep(1000);
    }
  }
  return () => fs.rmSync(lockDir, { recursive: true, force: true });
}

function runCommand(command: string, args: string[], env: Record<string, string>, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = fs.openSync(logFile, 'a');
    const child = spawn(command, args, { cwd: appDir, env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      fs.closeSync(log);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}); see ${path.relative(appDir, logFile)}:\n${tail(logFile)}`));
    });
  });
}

export function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * The production build: `strapi build` (TypeScript to dist/, admin panel to dist/build). The
 * build loads the configuration, so it gets the run's environment (secrets) too.
 * E2E_SKIP_BUILD=true reuses an existing dist/build (for iterating on the test itself).
 */
export async function buildCms(env: Record<string, string>): Promise<{ skipped: boolean; ms: number }> {
  const started = Date.now();
  if (process.env.E2E_SKIP_BUILD === 'true' && fs.existsSync(path.join(appDir, 'dist', 'build', 'index.html'))) {
    return { skipped: true, ms: 0 };
  }
  const logFile = path.join(workDir, 'build.log');
  fs.rmSync(logFile, { force: true });
  await withCompileLock(appDir, () => runCommand(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['strapi', 'build'], env, logFile));
  return { skipped: false, ms: Date.now() - started };
}

/** Compiles the reference reader to examples/reader/dist (`npx tsc -p examples/reader`). */
export function compileReader(): void {
  const result = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['tsc', '-p', 'examples/reader'], { cwd: appDir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npx tsc -p examples/reader failed:\n${result.stdout}${result.stderr}`);
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}:\n${tail(logFile)}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${tail(logFile)}`);
}

/** Every child still running when the test process exits (a crash, Jest's forceExit) is killed with it. */
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function stopChild(child: ChildProcess, timeoutMs = 10000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface Cms {
  url: string;
  logFile: string;
  /** Runs the scheduled-publishing job in the server process, as the cron task would at `now`. */
  publishDue(now: Date): Promise<{ published: string[]; failed: Array<{ documentId: string; error: string }> }>;
  stop(): Promise<void>;
}

/** Starts the built CMS (NODE_ENV=production) on a fresh database and waits for it to answer. */
export async function startCms(env: Record<string, string>): Promise<Cms> {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${env.DATABASE_FILENAME}${suffix}`, { force: true });
  const logFile = path.join(workDir, 'strapi.log');
  fs.rmSync(logFile, { force: true });
  const log = fs.openSync(logFile, 'a');
  const child = track(
    fork(path.join(appDir, 'e2e', 'support', 'strapi-server.js'), [], {
      cwd: appDir,
      env: { ...process.env, ...env },
      stdio: ['ignore', log, log, 'ipc'],
    }),
  );
  const url = `http://127.0.0.1:${env.PORT}`;
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  child.on('message', (message: { type?: string; id?: number; result?: never; error?: string }) => {
    if (message?.type !== 'publish-due:done' || message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(message.error));
    else waiter?.resolve(message.result as never);
  });
  child.on('exit', () => {
    fs.closeSync(log);
    for (const waiter of pending.values()) waiter.reject(new Error('the CMS process exited'));
    pending.clear();
  });

  await waitFor(`${url}/_health`, child, 90000, logFile);
  return {
    url,
    logFile,
    publishDue: (now) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ type: 'publish-due', id, now: now.toISOString() });
      }),
    stop: () => stopChild(child),
  };
}

export interface Reader {
  url: string;
  stop(): Promise<void>;
}

/** Starts the compiled reference reader, reading from the CMS, with the same preview secret. */
export async function startReader(port: number, cmsUrl: string, previewSecret: string): Promise<Reader> {
  const logFile = path.join(workDir, 'reader.log');
  fs.rmSync(logFile, { force: true });
  const log = fs.openSync(logFile, 'a');
  const child = track(
    // The reader's own entry point (`node examples/reader/dist/server.js`), forked for an IPC channel
    // so that it exits with the test (see exit-with-parent.js).
    fork(path.join(appDir, 'examples', 'reader', 'dist', 'server.js'), [], {
      cwd: appDir,
      env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), READER_API_URL: cmsUrl, PREVIEW_SECRET: previewSecret },
      execArgv: ['--require', path.join(appDir, 'e2e', 'support', 'exit-with-parent.js')],
      stdio: ['ignore', log, log, 'ipc'],
    }),
  );
  child.on('exit', () => fs.closeSync(log));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/`, child, 15000, logFile);
  return { url, stop: () => stopChild(child) };
}

export interface Account {
  email: string;
  password: string;
  firstname: string;
  lastname: string;
}

/** An admin password Strapi accepts: 8+ characters, lower case, upper case, a digit. */
const password = () => `E2e-${crypto.randomBytes(9).toString('base64url')}7aZ`;

async function adminApi<T>(cmsUrl: string, method: string, route: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(`${cmsUrl}/admin${route}`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /admin${route}: ${response.status} ${text.slice(0, 500)}`);
  return (JSON.parse(text) as { data: T }).data;
}

/**
 * The accounts of the test, made the way an operator does it in production (where the demo accounts
 * do not exist): the first administrator registers (`POST /admin/register-admin`, the API of
 * Strapi's "create the first administrator" screen), invites an editor and a reporter with the
 * newsroom roles (`POST /admin/users`, as Settings › Users does), and each invitee sets a password
 * with the registration token (`POST /admin/register`, the API of the invitation link's page).
 */
export async function createAccounts(cmsUrl: string): Promise<{ admin: Account; editor: Account; reporter: Account }> {
  const tag = crypto.randomBytes(3).toString('hex');
  const admin: Account = { email: `chief-${tag}@newsroom.e2e`, password: password(), firstname: 'Chief', lastname: 'Admin' };
  const { token } = await adminApi<{ token: string }>(cmsUrl, 'POST', '/register-admin', admin);

  const roles = await adminApi<Array<{ id: number; code: string }>>(cmsUrl, 'GET', '/roles', undefined, token);
  const roleId = (code: string) => {
    const role = roles.find((candidate) => candidate.code === code);
    if (!role) throw new Error(`No admin role ${code}; roles: ${roles.map((r) => r.code).join(', ')}`);
    return role.id;
  };

  const invite = async (who: string, firstname: string, code: string): Promise<Account> => {
    const account: Account = { email: `${who}-${tag}@newsroom.e2e`, password: password(), firstname, lastname: 'E2e' };
    const user = await adminApi<{ registrationToken: string }>(
      cmsUrl,
      'POST',
      '/users',
      { email: account.email, firstname: account.firstname, lastname: account.lastname, roles: [roleId(code)] },
      token,
    );
    await adminApi(cmsUrl, 'POST', '/register', {
      registrationToken: user.registrationToken,
      userInfo: { firstname: account.firstname, lastname: account.lastname, password: account.password },
    });
    return account;
  };

  const editor = await invite('editor', 'Edna', 'strapi-editor');
  const reporter = await invite('reporter', 'Rita', 'newsroom-reporter');
  return { admin, editor, reporter };
}
