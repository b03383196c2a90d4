/**
 * Real processes for the operations tests: production servers (`npm start` through tests/harness/serve.js)
 * and the operations scripts (doctor, backup, restore), each with a clean environment of its own.
 */
import { spawn, type ChildProcess } from 'child_process';
import net from 'net';
import path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- test-env is a CommonJS file the Jest setup also loads
const { applyTestEnv } = require('./test-env');
import { appDir } from './constants';
import { sleep } from './time';

export { appDir };

const SECRETS = ['APP_KEYS', 'API_TOKEN_SALT', 'ADMIN_JWT_SECRET', 'TRANSFER_TOKEN_SALT', 'JWT_SECRET', 'ENCRYPTION_KEY', 'PREVIEW_SECRET'];

/**
 * The environment of a child process: PATH and HOME, the test secrets, no `.env` file (ENV_PATH=/dev/null),
 * no scheduled jobs and no demo seed unless `extra` says otherwise.
 */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  applyTestEnv();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ENV_PATH: '/dev/null',
    STRAPI_TELEMETRY_DISABLED: 'true',
    NODE_ENV: 'test',
    CRON_ENABLED: 'false',
    SEED_ON_EMPTY: 'false',
    LOG_LEVEL: 'http',
  };
  for (const name of SECRETS) env[name] = process.env[name];
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `node <script> ...args` in the app folder and resolves when it exits. */
export function runScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  { input, timeoutMs = 90_000 }: { input?: string; timeoutMs?: number } = {},
): Promise<Finished> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(appDir, script), ...args], { cwd: appDir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.end(input ?? '');
  });
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything written so far. */
  output: () => { stdout: string; stderr: string };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** SIGTERM, then waits for the exit (SIGKILL after 20 s). */
  stop: () => Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/**
 * Starts a production server process (scripts/start.js with test routes) and waits until `/_health` answers;
 * `port` restarts an origin on the address a cache in front of it already uses.
 */
export async function startServerProcess(
  env: NodeJS.ProcessEnv,
  { readyTimeoutMs = 60_000, port: wanted }: { readyTimeoutMs?: number; port?: number } = {},
): Promise<ServerProcess> {
  const port = wanted ?? (await freePort());
  const child = spawn(process.execPath, [path.join(appDir, 'tests', 'harness', 'serve.js')], {
    cwd: appDir,
    env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => {
      done = true;
      resolve({ code, signal, at: Date.now() });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (done) throw new Error(`The server exited before it was ready:\n${stdout}\n${stderr}`);
    try {
      const res = await fetch(`${url}/_health`);
      if (res.status === 204) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server was not ready within ${readyTimeoutMs} ms:\n${stdout}\n${stderr}`);
    }
    await sleep(100);
  }
  return {
    url,
    port,
    child,
    output: () => ({ stdout, stderr }),
    exited,
    stop: async () => {
      if (!done) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
