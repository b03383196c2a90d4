/**
 * The operations rules without Strapi: placeholder secrets, operations and S3 settings (and what
 * config/plugins.ts and config/middlewares.ts make of them), the log format, the request log line,
 * the readiness answer, the graceful shutdown of an HTTP server, the Node.js version rule, archive names.
 */
import http from 'http';
import net from 'net';
import path from 'path';
import pluginsConfig from '../../config/plugins';
import middlewaresConfig from '../../config/middlewares';
import { isPlaceholder, readSecrets } from '../../src/settings/secrets';
import { SettingsError } from '../../src/settings';
import { logFormat } from '../../src/settings/logging';
import { mediaCspDirectives, readS3Settings, s3MediaOrigins } from '../../src/settings/upload';
import { requestLogger } from '../../src/middlewares/request-log';
import { readinessHandler } from '../../src/operations/readiness';
import { exitGracefullyOnSignals, shutdown, trackRequests } from '../../src/operations/graceful-shutdown';
import { readOperationsSettings } from '../../src/settings/operations';
import { archiveBaseName, archiveKind } from '../../src/operations/backup';
import { sleep } from '../harness/time';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script, no types to import
const { satisfies } = require('../../scripts/lib/node-version') as { satisfies: (version: string, range: string) => boolean };
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script, no types to import
const { randomSecrets } = require('../../scripts/lib/secrets') as { randomSecrets: () => Record<string, string> };

/** Runs `work` with these environment variables set (undefined: unset), then restores process.env. */
function withEnv<T>(vars: Record<string, string | undefined>, work: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(vars);
  try {
    return work();
  } finally {
    apply(saved);
  }
}

const NO_S3 = Object.fromEntries(
  ['S3_BUCKET', 'S3_REGION', 'S3_ENDPOINT', 'S3_FORCE_PATH_STYLE', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_ACL', 'S3_PUBLIC_URL', 'S3_ROOT_PATH'].map(
    (name) => [name, undefined],
  ),
) as Record<string, string | undefined>;

describe('secrets', () => {
  test("template placeholders are refused, Strapi's `toBeModified1,toBeModified2` included", () => {
    for (const value of [
      'tobemodified',
      'toBeModified',
      'toBeModified1,toBeModified2',
      'changeme',
      'CHANGE-ME',
      'secret',
      'replace-me',
      'real-key,changeme2',
    ]) {
      expect(isPlaceholder(value)).toBe(true);
    }
    for (const value of ['k3y-0f-sixteen-chars', 'secretive-but-random-9f8a', 'tobemodifiedX']) expect(isPlaceholder(value)).toBe(false);
  });

  test('a missing or placeholder secret is a SettingsError naming the variable', () => {
    const others = { API_TOKEN_SALT: 's1', ADMIN_JWT_SECRET: 's2', TRANSFER_TOKEN_SALT: 's3', ENCRYPTION_KEY: 's4', JWT_SECRET: 's5' };
    const cases: Record<string, string>[] = [{}, { APP_KEYS: '  ' }, { APP_KEYS: 'toBeModified1,toBeModified2' }];
    for (const values of cases) {
      let error: unknown;
      try {
        readSecrets({ ...others, ...values });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SettingsError);
      expect(error).toMatchObject({ name: 'SettingsError', problems: [expect.stringMatching(/^APP_KEYS (is missing|still holds a placeholder)/)] });
    }
  });
});

describe('operations settings', () => {
  test('defaults', () => {
    expect(readOperationsSettings({}, '/srv/newsroom')).toEqual({
      shutdownTimeoutMs: 8000,
      readyTimeoutMs: 2000,
      backupDir: path.resolve('/srv/newsroom', 'backups'),
      backupEncryptionKey: null,
      minFreeDiskMb: 1024,
    });
    expect(readOperationsSettings({ BACKUP_DIR: '/var/backups/newsroom', SHUTDOWN_TIMEOUT_MS: ' 25000 ' }, '/srv/newsroom')).toMatchObject({
      backupDir: '/var/backups/newsroom',
      shutdownTimeoutMs: 25000,
    });
  });

  test('every invalid value is one line naming the variable', () => {
    let error: SettingsError | undefined;
    try {
      readOperationsSettings({ SHUTDOWN_TIMEOUT_MS: '10s', READY_TIMEOUT_MS: '5', BACKUP_ENCRYPTION_KEY: 'changeme', DOCTOR_MIN_FREE_MB: '-1' });
    } catch (caught) {
      error = caught as SettingsError;
    }
    expect(error?.problems).toEqual([
      expect.stringMatching(/^SHUTDOWN_TIMEOUT_MS "10s" is not an integer from 0 to 600000 milliseconds/),
      expect.stringMatching(/^READY_TIMEOUT_MS "5" is not an integer from 100 to 60000 milliseconds/),
      expect.stringMatching(/^DOCTOR_MIN_FREE_MB "-1" is not an integer/),
      expect.stringMatching(/^BACKUP_ENCRYPTION_KEY still holds a placeholder value/),
    ]);
    expect(() => readOperationsSettings({ BACKUP_ENCRYPTION_KEY: 'short' })).toThrow(/BACKUP_ENCRYPTION_KEY must be at least 16 characters/);
  });
});

describe('uploads: local disk by default, S3 when S3_* are set', () => {
  const plugins = (vars: Record<string, string | undefined>) =>
    withEnv({ ...NO_S3, ...randomSecrets(), ...vars }, () => pluginsConfig()) as Record<string, unknown>;
  const cspOf = (vars: Record<string, string | undefined>) =>
    withEnv({ ...NO_S3, ...vars }, () => {
      const security = middlewaresConfig().find((entry) => typeof entry === 'object' && entry.name === 'strapi::security') as {
        config: { contentSecurityPolicy: { directives: Record<string, string[]> } };
      };
      return security.config.contentSecurityPolicy.directives;
    });

  test('without S3_BUCKET, config/plugins.ts leaves the upload plugin on its local provider', () => {
    const config = plugins({});
    expect(config).not.toHaveProperty('upload');
    expect(config).toHaveProperty('users-permissions');
    expect(cspOf({})).toEqual({
      'img-src': ["'self'", 'data:', 'blob:', 'https://market-assets.strapi.io'],
      'media-src': ["'self'", 'data:', 'blob:'],
    });
  });

  test('with S3 variables it configures @strapi/provider-upload-aws-s3', () => {
    const config = plugins({
      S3_BUCKET: 'newsroom-media',
      S3_REGION: 'eu-central-1',
      S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      S3_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG',
    });
    expect(config.upload).toEqual({
      config: {
        provider: 'aws-s3',
        providerOptions: {
          s3Options: {
            region: 'eu-central-1',
            forcePathStyle: false,
            credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG' },
            params: { Bucket: 'newsroom-media', ACL: 'public-read' },
          },
        },
      },
    });
    // The provider package is installed and loads.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the package the way Strapi does, at run time
    expect(typeof require('@strapi/provider-upload-aws-s3').init).toBe('function');
    expect(cspOf({ S3_BUCKET: 'newsroom-media', S3_REGION: 'eu-central-1' })['img-src']).toEqual([
      "'self'",
      'data:',
      'blob:',
      'https://market-assets.strapi.io',
      'https://newsroom-media.s3.eu-central-1.amazonaws.com',
      'https://newsroom-media.s3.amazonaws.com',
    ]);
  });

  test('S3-compatible storage (MinIO): endpoint, path-style URLs, no ACL, a CDN in front', () => {
    const config = plugins({
      S3_BUCKET: 'media',
      S3_ENDPOINT: 'http://minio:9000',
      S3_ACCESS_KEY_ID: 'minio',
      S3_SECRET_ACCESS_KEY: 'minio-secret-key',
      S3_ACL: 'none',
      S3_PUBLIC_URL: 'https://media.example.com/',
      S3_ROOT_PATH: '/newsroom/',
    }) as {
      upload: { config: { providerOptions: { baseUrl: string; rootPath: string; s3Options: Record<string, unknown> & { params: Record<string, unknown> } } } };
    };
    const options = config.upload.config.providerOptions;
    expect(options).toMatchObject({ baseUrl: 'https://media.example.com', rootPath: 'newsroom' });
    expect(options.s3Options).toMatchObject({ region: 'us-east-1', endpoint: 'http://minio:9000', forcePathStyle: true });
    expect('ACL' in options.s3Options.params && options.s3Options.params.ACL === undefined).toBe(true);
    expect(mediaCspDirectives({ S3_BUCKET: 'media', S3_ENDPOINT: 'http://minio:9000' })['media-src']).toContain('http://minio:9000');
    expect(s3MediaOrigins(readS3Settings({ S3_BUCKET: 'media', S3_ENDPOINT: 'https://s3.example.net', S3_FORCE_PATH_STYLE: 'false' }))).toEqual([
      'https://media.s3.example.net',
    ]);
  });

  test('an incomplete S3 setup is refused, one line per problem', () => {
    let error: SettingsError | undefined;
    try {
      readS3Settings({ S3_BUCKET: 'media', S3_ACCESS_KEY_ID: 'key-only', S3_ACL: 'world', S3_ENDPOINT: 'minio:9000' });
    } catch (caught) {
      error = caught as SettingsError;
    }
    expect(error?.problems).toEqual([
      expect.stringMatching(/^S3_ENDPOINT must be an http\(s\) URL/),
      expect.stringMatching(/^S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/),
      expect.stringMatching(/^S3_ACL must be one of public-read, private, none/),
    ]);
    expect(() => readS3Settings({ S3_BUCKET: 'media' })).toThrow(/^S3_REGION is missing/);
  });
});

test('log format: LOG_FORMAT wins, else JSON in production only', () => {
  expect(logFormat({})).toBe('pretty');
  expect(logFormat({ NODE_ENV: 'production' })).toBe('json');
  expect(logFormat({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' })).toBe('pretty');
  expect(logFormat({ NODE_ENV: 'development', LOG_FORMAT: 'JSON' })).toBe('json');
});

describe('request log', () => {
  const run = async (ctx: { method: string; path: string; status: number }, next: () => Promise<unknown> = async () => undefined) => {
    const lines: { message: string; meta?: object }[] = [];
    let clock = 1000;
    const log = (message: string, meta?: object) => void lines.push({ message, meta });
    const middleware = requestLogger({ http: log, error: log }, () => (clock += 7));
    await middleware(ctx, next).catch(() => undefined);
    return lines;
  };

  test('one line per request, with method, path, status and duration as fields', async () => {
    expect(await run({ method: 'GET', path: '/api/articles', status: 200 })).toEqual([
      { message: 'GET /api/articles 200 (7 ms)', meta: { method: 'GET', path: '/api/articles', status: 200, duration: 7 } },
    ]);
  });

  test('also when the handler throws', async () => {
    const ctx = { method: 'POST', path: '/api/articles', status: 500 };
    const lines = await run(ctx, async () => {
      throw new Error('boom');
    });
    expect(lines).toEqual([expect.objectContaining({ meta: expect.objectContaining({ method: 'POST', status: 500 }) })]);
  });

  test('successful load-balancer probes are not logged, failing ones are', async () => {
    expect(await run({ method: 'GET', path: '/_health', status: 204 })).toEqual([]);
    expect(await run({ method: 'GET', path: '/_ready', status: 200 })).toEqual([]);
    expect(await run({ method: 'GET', path: '/_ready', status: 503 })).toHaveLength(1);
  });
});

describe('readiness', () => {
  const fakeStrapi = ({ listening = true, raw }: { listening?: boolean; raw: () => Promise<unknown> }) => {
    const warnings: string[] = [];
    const strapi = {
      server: { httpServer: { listening } },
      config: { get: (_key: string, fallback: unknown) => (_key === 'operations.readyTimeoutMs' ? 100 : fallback) },
      db: { connection: { raw } },
      log: { warn: (message: string) => warnings.push(message) },
    };
    return { strapi: strapi as never, warnings };
  };
  const answer = async (strapi: never) => {
    const headers: Record<string, string> = {};
    const ctx = { status: 404, body: undefined as unknown, set: (field: string, value: string) => void (headers[field] = value) };
    await readinessHandler(strapi)(ctx);
    return { status: ctx.status, body: ctx.body, headers };
  };

  test('200 when the database answers', async () => {
    const { strapi } = fakeStrapi({ raw: async () => [{ '?column?': 1 }] });
    expect(await answer(strapi)).toEqual({ status: 200, body: { status: 'ok', database: 'up' }, headers: { 'Cache-Control': 'no-store' } });
  });

  test('503 when the database fails or does not answer in time; the reason goes to the log only', async () => {
    const failing = fakeStrapi({ raw: async () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432')) });
    expect(await answer(failing.strapi)).toMatchObject({ status: 503, body: { status: 'unavailable', database: 'down' } });
    expect(failing.warnings).toEqual(['Readiness: the database does not answer (connect ECONNREFUSED 10.0.0.5:5432)']);

    const hanging = fakeStrapi({ raw: () => new Promise(() => undefined) });
    const started = Date.now();
    expect(await answer(hanging.strapi)).toMatchObject({ status: 503, body: { database: 'down' } });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(hanging.warnings[0]).toMatch(/no answer within 100 ms/);
  });

  test('503 while the instance shuts down', async () => {
    const { strapi } = fakeStrapi({ listening: false, raw: async () => [] });
    expect(await answer(strapi)).toMatchObject({ status: 503, body: { status: 'unavailable', database: 'up', shuttingDown: true } });
  });
});

describe('graceful shutdown of an HTTP server', () => {
  const serve = async (handler: http.RequestListener) => {
    const server = http.createServer(handler);
    const tracker = trackRequests(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, tracker, port: (server.address() as net.AddressInfo).port };
  };
  const slowHandler: http.RequestListener = (req, res) => {
    const ms = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms') ?? 0);
    setTimeout(() => res.end(`slept ${ms}`), ms).unref();
  };
  const getText = (port: number, pathname: string) =>
    new Promise<{ status: number; body: string; connection: string | undefined }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: pathname, agent: new http.Agent({ keepAlive: true }) }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
        })
        .on('error', reject);
    });
  const log = () => {
    const lines: string[] = [];
    return {
      lines,
      info: (m: string) => lines.push(`info ${m}`),
      warn: (m: string) => lines.push(`warn ${m}`),
      error: (m: string) => lines.push(`error ${m}`),
    };
  };

  test('a request in flight completes; new connections are refused; then destroy; exit code 0', async () => {
    const { server, tracker, port } = await serve(slowHandler);
    const inFlight = getText(port, '/?ms=400');
    await sleep(50);
    expect(tracker.inFlight).toBe(1);
    const logger = log();
    let destroyedAt = 0;
    let jobsStopped = false;
    const done = shutdown('SIGTERM', {
      tracker,
      timeoutMs: 5000,
      log: logger,
      stopJobs: () => void (jobsStopped = true),
      destroy: async () => void (destroyedAt = Date.now()),
    });
    await sleep(20);
    expect(server.listening).toBe(false);
    await expect(getText(port, '/')).rejects.toThrow(/ECONNREFUSED/);
    const response = await inFlight;
    expect(response).toEqual({ status: 200, body: 'slept 400', connection: 'close' });
    expect(await done).toBe(0);
    expect(jobsStopped).toBe(true);
    expect(destroyedAt).toBeGreaterThan(0);
    expect(logger.lines[0]).toMatch(/^info SIGTERM received: no longer accepting connections; 1 request in flight, waiting up to 5000 ms$/);
    expect(logger.lines[1]).toMatch(/^info Requests in flight finished after \d+ ms$/);
  });

  test('a request slower than the timeout is cut off: the shutdown is bounded', async () => {
    const { server, tracker, port } = await serve(slowHandler);
    const tooSlow = getText(port, '/?ms=5000').catch((error: Error) => error);
    await sleep(50);
    const logger = log();
    const started = Date.now();
    const code = await shutdown('SIGTERM', {
      tracker,
      timeoutMs: 300,
      log: logger,
      stopJobs: () => undefined,
      destroy: async () => {
        server.closeAllConnections();
      },
    });
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(logger.lines[1]).toBe('warn Shutdown timeout (300 ms) reached: cutting off 1 request still in flight');
    expect(await tooSlow).toEqual(expect.objectContaining({ message: expect.stringMatching(/socket hang up|ECONNRESET/) }));
  });

  test('a failing destroy exits 1; a second signal exits at once', async () => {
    const { tracker } = await serve(slowHandler);
    const code = await shutdown('SIGINT', {
      tracker,
      timeoutMs: 100,
      log: log(),
      stopJobs: () => undefined,
      destroy: async () => Promise.reject(new Error('pool busy')),
    });
    expect(code).toBe(1);

    const exits: number[] = [];
    const before = process.listeners('SIGTERM').length;
    const { tracker: other, server } = await serve(slowHandler);
    let finishDestroy: () => void = () => undefined;
    exitGracefullyOnSignals(
      { tracker: other, timeoutMs: 100, log: log(), stopJobs: () => undefined, destroy: () => new Promise<void>((resolve) => (finishDestroy = resolve)) },
      (exitCode) => exits.push(exitCode),
    );
    const added = process.listeners('SIGTERM').slice(before);
    try {
      process.emit('SIGTERM', 'SIGTERM');
      await sleep(150);
      process.emit('SIGTERM', 'SIGTERM');
      expect(exits).toEqual([1]);
      finishDestroy();
      await sleep(10);
      expect(exits).toEqual([1, 0]);
      expect(server.listening).toBe(false);
    } finally {
      for (const listener of added) process.removeListener('SIGTERM', listener);
      for (const listener of process.listeners('SIGINT').slice(-1)) process.removeListener('SIGINT', listener);
    }
  });
});

test('Node.js versions against package.json engines', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JSON data read at run time, not a typed module
  const range = require('../../package.json').engines.node as string;
  expect(satisfies(process.version, range)).toBe(true);
  for (const version of ['v20.0.0', 'v22.11.0', 'v24.9.1']) expect(satisfies(version, '>=20.0.0 <=24.x.x')).toBe(true);
  for (const version of ['v18.20.4', 'v19.9.0', 'v25.0.0']) expect(satisfies(version, '>=20.0.0 <=24.x.x')).toBe(false);
  expect(satisfies('v22.12.0', '^22.12.0 || >=24')).toBe(true);
  expect(satisfies('v23.1.0', '^22.12.0 || >=24')).toBe(false);
});

test('archive names sort by time, and restore knows archives by their extension', () => {
  expect(archiveBaseName(new Date('2026-11-25T02:45:12.345Z'))).toBe('newsroom-20261125-024512');
  expect(archiveKind('backups/newsroom-20261125-024512.tar.gz')).toEqual({ compressed: true, encrypted: false });
  expect(archiveKind('export_20261125.tar.gz.enc')).toEqual({ compressed: true, encrypted: true });
  expect(archiveKind('x.tar')).toEqual({ compressed: false, encrypted: false });
  expect(archiveKind('dump.sql')).toBeNull();
});
