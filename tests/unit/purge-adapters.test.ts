/**
 * The purge adapters against real local HTTP servers standing in for Varnish, Fastly's and Cloudflare's
 * APIs and a webhook: what each request looks like, how many tags go in one, and what a failure says.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import {
  CLOUDFLARE_MAX_TAGS,
  createPurgeAdapter,
  FASTLY_MAX_KEYS,
  PROBE_TAG,
  purgeTarget,
  PurgeError,
  VARNISH_MAX_HEADER_BYTES,
  WEBHOOK_MAX_TAGS,
} from '../../src/cache/purge-adapters';
import { readPurgeSettings } from '../../src/settings/purge';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Answer = (request: Seen, response: http.ServerResponse) => void;

const servers: http.Server[] = [];

/** A local server that records every request and answers with `answer` (default: 200, empty). */
async function stub(answer: Answer = (_request, response) => response.end()): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(request);
      answer(request, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** An address where nothing listens (a port just given up). */
async function closedAddress(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const json =
  (status: number, body: unknown): Answer =>
  (_request, response) => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  };

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

const tags = (count: number, prefix = 'article:') => Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);
const adapterFor = (env: Record<string, string>) => createPurgeAdapter(readPurgeSettings(env));

/** The PurgeError `promise` rejects with. */
async function purgeError(promise: Promise<unknown>): Promise<PurgeError> {
  const error: unknown = await promise.then(
    () => new Error('expected a PurgeError'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PurgeError);
  return error as PurgeError;
}

const FASTLY_TOKEN = 'fastly-token-f00d';
const CLOUDFLARE_TOKEN = 'cloudflare-token-beef';
const WEBHOOK_SECRET = 'webhook-secret-cafe';

describe('none', () => {
  test('purges nothing, sends nothing, is always reachable', async () => {
    const fetchNothing = jest.fn(() => Promise.reject(new Error('no request expected')));
    const none = createPurgeAdapter(readPurgeSettings({}), fetchNothing);
    expect(none.name).toBe('none');
    await expect(none.purge(['a', 'b'])).resolves.toBeUndefined();
    await expect(none.probe()).resolves.toBeNull();
    expect(fetchNothing).not.toHaveBeenCalled();
  });
});

describe('varnish', () => {
  test('PURGE / to every Varnish with the tags in one xkey header, space-separated', async () => {
    const [one, two] = [await stub(), await stub()];
    const varnish = adapterFor({ PURGE_ADAPTER: 'varnish', PURGE_VARNISH_URLS: `${one.url},${two.url}` });
    expect(varnish.name).toBe('varnish');
    await varnish.purge(['article:1', 'section:world', 'list:feed']);
    for (const { seen } of [one, two]) {
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ method: 'PURGE', url: '/', body: '' });
      expect(seen[0]?.headers.xkey).toBe('article:1 section:world list:feed');
    }
  });

  test('many tags: several requests, each xkey header line under the limit, every tag sent once, in order', async () => {
    const varnish = await stub();
    const many = tags(1000);
    await adapterFor({ PURGE_ADAPTER: 'varnish', PURGE_VARNISH_URLS: varnish.url }).purge(many);
    expect(varnish.seen.length).toBeGreaterThan(1);
    for (const request of varnish.seen) expect(Buffer.byteLength(`xkey: ${String(request.headers.xkey)}`)).toBeLessThanOrEqual(VARNISH_MAX_HEADER_BYTES);
    expect(varnish.seen.flatMap((request) => String(request.headers.xkey).split(' '))).toEqual(many);
  });

  test('an empty list sends nothing', async () => {
    const varnish = await stub();
    await adapterFor({ PURGE_ADAPTER: 'varnish', PURGE_VARNISH_URLS: varnish.url }).purge([]);
    expect(varnish.seen).toHaveLength(0);
  });

  test('one Varnish failing: the others are still purged; the error names each failed address and what it answered', async () => {
    const good = await stub();
    const bad = await stub((_request, response) => {
      response.writeHead(503, 'Service Unavailable', { 'Content-Type': 'text/html' });
      response.end('<!DOCTYPE html><html><head><title>503 Backend fetch failed</title></head><body><h1>Error 503 Backend fetch failed</h1></body></html>');
    });
    const closed = await closedAddress();
    const error = await purgeError(adapterFor({ PURGE_ADAPTER: 'varnish', PURGE_VARNISH_URLS: `${good.url},${bad.url},${closed}` }).purge(['article:1']));
    expect(good.seen).toHaveLength(1);
    expect(error.message).toContain(`PURGE ${bad.url}/ answered 503 Service Unavailable: 503 Backend fetch failed Error 503 Backend fetch failed`);
    expect(error.message).toContain(`PURGE ${closed}/ failed: connect ECONNREFUSED`);
    expect(error.message).not.toContain(good.url);
  });

  test('a redirect is a failure, not followed', async () => {
    const target = await stub();
    const redirecting = await stub((_request, response) => {
      response.writeHead(301, { Location: `${target.url}/` });
      response.end();
    });
    const error = await purgeError(adapterFor({ PURGE_ADAPTER: 'varnish', PURGE_VARNISH_URLS: redirecting.url }).purge(['a']));
    expect(error.message).toMatch(/answered 301/);
    expect(target.seen).toHaveLength(0);
  });

  test('a tag no header can carry is refused before anything is sent', async () => {
    const varnish = await stub();
    const adapter = adapterFor({ PURGE_ADAPTER: 'varnish', PURGE_VARNISH_URLS: varnish.url });
    for (const bad of ['two words', 'tab\there', 'naïve', '']) {
      expect((await purgeError(adapter.purge(['ok', bad]))).message).toMatch(/cannot be purged/);
    }
    expect((await purgeError(adapter.purge(['x'.repeat(VARNISH_MAX_HEADER_BYTES)]))).message).toMatch(/too long/);
    expect(varnish.seen).toHaveLength(0);
  });
});

describe('fastly', () => {
  const env = (api: string, extra: Record<string, string> = {}) => ({
    PURGE_ADAPTER: 'fastly',
    PURGE_FASTLY_API_URL: api,
    PURGE_FASTLY_SERVICE_ID: 'SVC123',
    PURGE_FASTLY_API_TOKEN: FASTLY_TOKEN,
    ...extra,
  });

  test('POST /service/<id>/purge with Fastly-Key and {"surrogate_keys": [...]}, 256 keys at most per request', async () => {
    const api = await stub(json(200, { ok: true }));
    const many = tags(600);
    await adapterFor(env(api.url)).purge(many);
    expect(api.seen.map((request) => JSON.parse(request.body).surrogate_keys.length)).toEqual([FASTLY_MAX_KEYS, FASTLY_MAX_KEYS, 600 - 2 * FASTLY_MAX_KEYS]);
    expect(api.seen.flatMap((request) => JSON.parse(request.body).surrogate_keys)).toEqual(many);
    for (const request of api.seen) {
      expect(request).toMatchObject({ method: 'POST', url: '/service/SVC123/purge' });
      expect(request.headers['fastly-key']).toBe(FASTLY_TOKEN);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['fastly-soft-purge']).toBeUndefined();
    }
  });

  test('PURGE_FASTLY_SOFT=true sends Fastly-Soft-Purge: 1', async () => {
    const api = await stub(json(200, {}));
    await adapterFor(env(api.url, { PURGE_FASTLY_SOFT: 'true' })).purge(['a']);
    expect(api.seen[0]?.headers['fastly-soft-purge']).toBe('1');
  });

  test('a refusal names the endpoint and the answer, never the token (even when the answer echoes it)', async () => {
    const api = await stub(json(401, { msg: `Provided credentials are missing or invalid: ${FASTLY_TOKEN}` }));
    const error = await purgeError(adapterFor(env(api.url)).purge(['a']));
    expect(error.message).toBe(
      `POST ${api.url}/service/SVC123/purge answered 401 Unauthorized: {"msg":"Provided credentials are missing or invalid: [redacted]"}`,
    );
    expect(error.message).not.toContain(FASTLY_TOKEN);
  });

  test('a failing request stops the rest (the worker retries them all)', async () => {
    const api = await stub(json(500, {}));
    await purgeError(adapterFor(env(api.url)).purge(tags(600)));
    expect(api.seen).toHaveLength(1);
  });

  test('probe: GET /service/<id> with the key', async () => {
    const api = await stub(json(200, { id: 'SVC123' }));
    await expect(adapterFor(env(api.url)).probe()).resolves.toBeNull();
    expect(api.seen[0]).toMatchObject({ method: 'GET', url: '/service/SVC123' });
    expect(api.seen[0]?.headers['fastly-key']).toBe(FASTLY_TOKEN);

    const refusing = await stub(json(403, { msg: 'forbidden' }));
    const reason = await adapterFor(env(refusing.url)).probe();
    expect(reason).toBe(`GET ${refusing.url}/service/SVC123 answered 403 Forbidden: {"msg":"forbidden"}`);
  });
});

describe('cloudflare', () => {
  const env = (api: string) => ({
    PURGE_ADAPTER: 'cloudflare',
    PURGE_CLOUDFLARE_API_URL: `${api}/client/v4`,
    PURGE_CLOUDFLARE_ZONE_ID: 'ZONE9',
    PURGE_CLOUDFLARE_API_TOKEN: CLOUDFLARE_TOKEN,
  });
  const success = json(200, { success: true, errors: [], messages: [], result: { id: 'ZONE9' } });

  test(`POST /zones/<zone>/purge_cache with the bearer token and {"tags": [...]}, ${CLOUDFLARE_MAX_TAGS} tags at most per request`, async () => {
    const api = await stub(success);
    const many = tags(600);
    await adapterFor(env(api.url)).purge(many);
    expect(api.seen).toHaveLength(600 / CLOUDFLARE_MAX_TAGS);
    expect(api.seen.flatMap((request) => JSON.parse(request.body).tags)).toEqual(many);
    for (const request of api.seen) {
      expect(request).toMatchObject({ method: 'POST', url: '/client/v4/zones/ZONE9/purge_cache' });
      expect(request.headers.authorization).toBe(`Bearer ${CLOUDFLARE_TOKEN}`);
      expect(request.headers['content-type']).toBe('application/json');
    }
  });

  test('a 200 with "success": false is a failure; so is a refusal; neither shows the token', async () => {
    const unsuccessful = await stub(json(200, { success: false, errors: [{ code: 1134, message: 'Purge rate limited' }] }));
    const first = await purgeError(adapterFor(env(unsuccessful.url)).purge(['a']));
    expect(first.message).toBe(
      `POST ${unsuccessful.url}/client/v4/zones/ZONE9/purge_cache answered success false: {"success":false,"errors":[{"code":1134,"message":"Purge rate limited"}]}`,
    );

    const refusing = await stub(json(403, { success: false, errors: [{ code: 10000, message: 'Authentication error' }] }));
    const second = await purgeError(adapterFor(env(refusing.url)).purge(['a']));
    expect(second.message).toMatch(new RegExp(`^POST ${refusing.url}/client/v4/zones/ZONE9/purge_cache answered 403 Forbidden: .*Authentication error`));
    for (const error of [first, second]) expect(error.message).not.toContain(CLOUDFLARE_TOKEN);
  });

  test('probe: GET /zones/<zone>, reachable only with success true', async () => {
    const api = await stub(success);
    await expect(adapterFor(env(api.url)).probe()).resolves.toBeNull();
    expect(api.seen[0]).toMatchObject({ method: 'GET', url: '/client/v4/zones/ZONE9' });

    const unsuccessful = await stub(json(200, { success: false }));
    await expect(adapterFor(env(unsuccessful.url)).probe()).resolves.toMatch(/answered success false/);
    const notJson = await stub();
    await expect(adapterFor(env(notJson.url)).probe()).resolves.toMatch(/answered success false$/);
  });
});

describe('webhook', () => {
  test('POST {"tags": [...]} as JSON with the bearer secret, 1,000 tags at most per request', async () => {
    const hook = await stub();
    const many = tags(2500);
    await adapterFor({ PURGE_ADAPTER: 'webhook', PURGE_WEBHOOK_URL: `${hook.url}/hooks/purge?team=news`, PURGE_WEBHOOK_SECRET: WEBHOOK_SECRET }).purge(many);
    expect(hook.seen.map((request) => JSON.parse(request.body).tags.length)).toEqual([WEBHOOK_MAX_TAGS, WEBHOOK_MAX_TAGS, 500]);
    expect(hook.seen.flatMap((request) => JSON.parse(request.body).tags)).toEqual(many);
    for (const request of hook.seen) {
      expect(request).toMatchObject({ method: 'POST', url: '/hooks/purge?team=news' });
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers.authorization).toBe(`Bearer ${WEBHOOK_SECRET}`);
    }
  });

  test('without a secret, no Authorization header', async () => {
    const hook = await stub();
    await adapterFor({ PURGE_ADAPTER: 'webhook', PURGE_WEBHOOK_URL: hook.url }).purge(['a']);
    expect(hook.seen[0]?.headers.authorization).toBeUndefined();
    expect(JSON.parse(hook.seen[0]?.body ?? '')).toEqual({ tags: ['a'] });
  });

  test("a failure shows the webhook's origin only: its path may be the secret", async () => {
    const hook = await stub((_request, response) => {
      response.writeHead(500);
      response.end(`no ${WEBHOOK_SECRET}`);
    });
    const error = await purgeError(
      adapterFor({ PURGE_ADAPTER: 'webhook', PURGE_WEBHOOK_URL: `${hook.url}/T000/B000/XXXXsecretpath`, PURGE_WEBHOOK_SECRET: WEBHOOK_SECRET }).purge(['a']),
    );
    expect(error.message).toBe(`POST ${hook.url}/… answered 500 Internal Server Error: no [redacted]`);
  });

  test('probe: a POST of {"tags": []}', async () => {
    const hook = await stub();
    await expect(adapterFor({ PURGE_ADAPTER: 'webhook', PURGE_WEBHOOK_URL: hook.url }).probe()).resolves.toBeNull();
    expect(hook.seen[0]).toMatchObject({ method: 'POST', url: '/' });
    expect(JSON.parse(hook.seen[0]?.body ?? '')).toEqual({ tags: [] });
  });
});

describe('timeouts and probes', () => {
  test('PURGE_TIMEOUT_MS bounds each request', async () => {
    const silent = await stub(() => undefined);
    const started = Date.now();
    const error = await purgeError(adapterFor({ PURGE_ADAPTER: 'webhook', PURGE_WEBHOOK_URL: silent.url, PURGE_TIMEOUT_MS: '200' }).purge(['a']));
    expect(error.message).toBe(`POST ${silent.url}/ did not answer within 200 ms`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('varnish probe: a PURGE of a tag nothing carries, to every address; an unreachable one is named', async () => {
    const varnish = await stub();
    await expect(adapterFor({ PURGE_ADAPTER: 'varnish', PURGE_VARNISH_URLS: varnish.url }).probe()).resolves.toBeNull();
    expect(varnish.seen[0]).toMatchObject({ method: 'PURGE', url: '/' });
    expect(varnish.seen[0]?.headers.xkey).toBe(PROBE_TAG);

    const closed = await closedAddress();
    const reason = await adapterFor({ PURGE_ADAPTER: 'varnish', PURGE_VARNISH_URLS: `${varnish.url},${closed}` }).probe();
    expect(reason).toMatch(new RegExp(`^PURGE ${closed}/ failed: connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+$`));
  });

  test('unreachable APIs: a one-line reason without the token', async () => {
    const closed = await closedAddress();
    const reasons = await Promise.all([
      adapterFor({ PURGE_ADAPTER: 'fastly', PURGE_FASTLY_API_URL: closed, PURGE_FASTLY_SERVICE_ID: 's', PURGE_FASTLY_API_TOKEN: FASTLY_TOKEN }).probe(),
      adapterFor({
        PURGE_ADAPTER: 'cloudflare',
        PURGE_CLOUDFLARE_API_URL: closed,
        PURGE_CLOUDFLARE_ZONE_ID: 'z',
        PURGE_CLOUDFLARE_API_TOKEN: CLOUDFLARE_TOKEN,
      }).probe(),
      adapterFor({ PURGE_ADAPTER: 'webhook', PURGE_WEBHOOK_URL: `${closed}/x`, PURGE_WEBHOOK_SECRET: WEBHOOK_SECRET }).probe(),
    ]);
    expect(reasons).toEqual([
      `GET ${closed}/service/s failed: connect ECONNREFUSED ${closed.slice('http://'.length)}`,
      `GET ${closed}/zones/z failed: connect ECONNREFUSED ${closed.slice('http://'.length)}`,
      `POST ${closed}/… failed: connect ECONNREFUSED ${closed.slice('http://'.length)}`,
    ]);
  });

  test('the doctor line says which tier and where, without secrets', () => {
    expect(purgeTarget(readPurgeSettings({}))).toBe('none');
    expect(purgeTarget(readPurgeSettings({ PURGE_ADAPTER: 'varnish', PURGE_VARNISH_URLS: 'http://a:6081,http://b:6081' }))).toBe('varnish (2 addresses)');
    expect(
      purgeTarget(
        readPurgeSettings({ PURGE_ADAPTER: 'fastly', PURGE_FASTLY_SERVICE_ID: 'S1', PURGE_FASTLY_API_TOKEN: FASTLY_TOKEN, PURGE_FASTLY_SOFT: 'true' }),
      ),
    ).toBe('fastly (service S1, soft purges)');
    expect(purgeTarget(readPurgeSettings({ PURGE_ADAPTER: 'cloudflare', PURGE_CLOUDFLARE_ZONE_ID: 'Z1', PURGE_CLOUDFLARE_API_TOKEN: CLOUDFLARE_TOKEN }))).toBe(
      'cloudflare (zone Z1)',
    );
    expect(purgeTarget(readPurgeSettings({ PURGE_ADAPTER: 'webhook', PURGE_WEBHOOK_URL: 'https://hooks.example.com/secret-path' }))).toBe(
      'webhook (https://hooks.example.com/…)',
    );
  });
});
