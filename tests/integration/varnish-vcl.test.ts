/**
 * The shipped VCL (deploy/varnish/default.vcl) in a real Varnish, in front of a tiny backend that answers the way
 * the product does (issue 14): Cache-Control with s-maxage / stale-while-revalidate / stale-if-error and a tag
 * header. No Strapi here; skipped, saying so, when varnishd or the xkey vmod is not installed (CI installs them).
 */
import http from 'http';
import net from 'net';
import { freePort } from '../harness/processes';
import { sleep } from '../harness/time';
import { startVarnish, varnishAvailable, type VarnishProcess } from '../harness/varnish';

/** What the backend answers on one path: headers and status; the body counts the backend's answers. */
interface Route {
  status?: number;
  headers: Record<string, string>;
}

const cacheable = (sMaxAge: number, swr: number, sie: number) =>
  `public, max-age=60, s-maxage=${sMaxAge}, stale-while-revalidate=${swr}, stale-if-error=${sie}`;

class Backend {
  readonly routes = new Map<string, Route>();
  readonly hits = new Map<string, number>();
  private server: http.Server | null = null;
  port = 0;

  async start(port?: number): Promise<void> {
    this.port = port ?? (await freePort());
    this.server = http.createServer((req, res) => {
      const path = req.url ?? '/';
      // Strapi's liveness route: the VCL's probe expects 204.
      if (path === '/_health') return void res.writeHead(204).end();
      const route = this.routes.get(path);
      if (!route) return void res.writeHead(404, { 'Cache-Control': 'no-store' }).end('not found');
      const count = (this.hits.get(path) ?? 0) + 1;
      this.hits.set(path, count);
      res.writeHead(route.status ?? 200, { 'Content-Type': 'text/plain', ...route.headers }).end(`${path} #${count}`);
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    // Varnish keeps connections open: close them too, or close() waits for them.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  route(path: string, headers: Record<string, string>, status?: number): string {
    this.routes.set(path, { headers, status });
    return path;
  }

  count(path: string): number {
    return this.hits.get(path) ?? 0;
  }
}

interface Answer {
  status: number;
  body: string;
  headers: Headers;
}

async function get(varnish: VarnishProcess, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${varnish.url}${path}`, { headers });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** A request from 127.0.0.2, which is not in the VCL's `purgers` ACL (fetch cannot choose its source address). */
function requestFrom(localAddress: string, varnish: VarnishProcess, method: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: varnish.port, path: '/', method, headers, localAddress }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

if (!varnishAvailable()) {
  console.warn('varnish-vcl.test.ts skipped: varnishd or the xkey vmod is missing (apt-get install varnish varnish-modules)');
}
const describeWithVarnish = varnishAvailable() ? describe : describe.skip;

describeWithVarnish('the shipped VCL with a healthy backend', () => {
  const backend = new Backend();
  let varnish: VarnishProcess;

  beforeAll(async () => {
    await backend.start();
    varnish = await startVarnish({ backendPort: backend.port });
  });
  afterAll(async () => {
    await varnish?.stop();
    await backend.stop();
  });

  it('answers the second GET from the cache (X-Cache: HIT, Age) without asking the backend', async () => {
    const path = backend.route('/api/articles/by-slug/hit', { 'Cache-Control': cacheable(300, 30, 600), 'Surrogate-Key': 'newsroom article:hit' });
    const first = await get(varnish, path);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('MISS');
    const second = await get(varnish, path);
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.body).toBe(first.body);
    expect(Number(second.headers.get('age'))).toBeGreaterThanOrEqual(0);
    expect(backend.count(path)).toBe(1);
    // Worker threads add to the shared counters in batches: give them a moment.
    let hits = 0;
    for (let tries = 0; hits < 1 && tries < 30; tries += 1) {
      hits = (await varnish.stats())['MAIN.cache_hit'] ?? 0;
      if (hits < 1) await sleep(100);
    }
    expect(hits).toBeGreaterThanOrEqual(1);
  });

  it('purges exactly the objects that carry a tag (Surrogate-Key), several tags at once, and answers 200 with the count', async () => {
    const a = backend.route('/api/articles/by-slug/a', { 'Cache-Control': cacheable(300, 30, 600), 'Surrogate-Key': 'newsroom article:a section-list:s1' });
    const b = backend.route('/api/articles/by-slug/b', { 'Cache-Control': cacheable(300, 30, 600), 'Surrogate-Key': 'newsroom article:b section-list:s1' });
    const c = backend.route('/api/articles/by-slug/c', { 'Cache-Control': cacheable(300, 30, 600), 'Surrogate-Key': 'newsroom article:c section-list:s2' });
    for (const path of [a, b, c]) await get(varnish, path);

    expect(await varnish.purge(['article:a'])).toEqual({ status: 200, purged: 1 });
    expect((await get(varnish, a)).headers.get('x-cache')).toBe('MISS');
    expect((await get(varnish, b)).headers.get('x-cache')).toBe('HIT');
    expect((await get(varnish, c)).headers.get('x-cache')).toBe('HIT');

    expect(await varnish.purge(['section-list:s1', 'article:c'])).toEqual({ status: 200, purged: 3 });
    for (const path of [a, b, c]) expect((await get(varnish, path)).headers.get('x-cache')).toBe('MISS');
    expect([a, b, c].map((path) => backend.count(path))).toEqual([3, 2, 2]);
  });

  it('answers 200 to a PURGE that matched nothing, 400 without an xkey header, 403 to a client outside the ACL', async () => {
    expect(await varnish.purge(['article:nothing-carries-this'])).toEqual({ status: 200, purged: 0 });
    expect(await requestFrom('127.0.0.1', varnish, 'PURGE', {})).toBe(400);

    const path = backend.route('/api/articles/by-slug/acl', { 'Cache-Control': cacheable(300, 30, 600), 'Surrogate-Key': 'article:acl' });
    await get(varnish, path);
    expect(await requestFrom('127.0.0.2', varnish, 'PURGE', { xkey: 'article:acl' })).toBe(403);
    expect((await get(varnish, path)).headers.get('x-cache')).toBe('HIT');
  });

  it('takes tags from Cache-Tag (comma-separated) and from xkey as well', async () => {
    const tagged = backend.route('/api/sections/cache-tag/more-from', {
      'Cache-Control': cacheable(300, 30, 600),
      'Cache-Tag': 'newsroom, teaser:t1,section:s3',
    });
    const keyed = backend.route('/api/sections/xkey/more-from', { 'Cache-Control': cacheable(300, 30, 600), xkey: 'newsroom teaser:t2' });
    await get(varnish, tagged);
    await get(varnish, keyed);
    expect(await varnish.purge(['teaser:t1', 'teaser:t2'])).toEqual({ status: 200, purged: 2 });
    expect((await get(varnish, tagged)).headers.get('x-cache')).toBe('MISS');
    expect((await get(varnish, keyed)).headers.get('x-cache')).toBe('MISS');
  });

  it('does not show readers the tags', async () => {
    for (const header of ['Surrogate-Key', 'Cache-Tag', 'xkey']) {
      const path = backend.route(`/api/articles/by-slug/hidden-${header}`, { 'Cache-Control': cacheable(300, 30, 600), [header]: 'newsroom article:hidden' });
      for (const answer of [await get(varnish, path), await get(varnish, path)]) {
        for (const name of ['surrogate-key', 'cache-tag', 'xkey', 'x-varnish-swr']) expect(answer.headers.get(name)).toBeNull();
      }
    }
  });

  it('does not cache Cache-Control: private nor a response that sets a cookie', async () => {
    const personal = backend.route('/api/personal', { 'Cache-Control': 'private, max-age=60' });
    const cookie = backend.route('/api/cookie', { 'Cache-Control': cacheable(300, 30, 600), 'Set-Cookie': 'session=1; HttpOnly' });
    for (const path of [personal, cookie]) {
      await get(varnish, path);
      const again = await get(varnish, path);
      expect(again.headers.get('x-cache')).not.toBe('HIT');
      expect(backend.count(path)).toBe(2);
    }
  });

  it('passes requests with Authorization or Cookie to the backend, even for a cached URL', async () => {
    const path = backend.route('/api/articles/by-slug/signed-in', { 'Cache-Control': cacheable(300, 30, 600) });
    await get(varnish, path);
    const withToken = await get(varnish, path, { Authorization: 'Bearer token' });
    const withCookie = await get(varnish, path, { Cookie: 'session=1' });
    expect([withToken.headers.get('x-cache'), withCookie.headers.get('x-cache')]).toEqual(['PASS', 'PASS']);
    expect(backend.count(path)).toBe(3);
    expect((await get(varnish, path)).body).toBe(`${path} #1`);
  });

  it('serves a stale copy within stale-while-revalidate and refreshes it in the background', async () => {
    const path = backend.route('/api/articles/by-slug/swr', { 'Cache-Control': cacheable(1, 30, 600) });
    await get(varnish, path);
    await sleep(1_500);
    const stale = await get(varnish, path);
    expect(stale.body).toBe(`${path} #1`);
    await sleep(300);
    expect((await get(varnish, path)).body).toBe(`${path} #2`);
  });

  it('fetches afresh past stale-while-revalidate while the backend is healthy, but keeps the copy when it answers 5xx', async () => {
    const fresh = backend.route('/api/articles/by-slug/past-swr', { 'Cache-Control': cacheable(1, 1, 600) });
    const failing = backend.route('/api/articles/by-slug/failing', { 'Cache-Control': cacheable(1, 1, 600) });
    await get(varnish, fresh);
    await get(varnish, failing);
    backend.route(failing, { 'Cache-Control': 'no-store' }, 500);
    await sleep(2_500);
    expect((await get(varnish, fresh)).body).toBe(`${fresh} #2`);
    const kept = await get(varnish, failing);
    expect([kept.status, kept.body]).toEqual([200, `${failing} #1`]);
    // With no copy to fall back on, the reader gets the backend's own error, not one made up by Varnish.
    const broken = backend.route('/api/articles/by-slug/broken', { 'Cache-Control': 'no-store' }, 500);
    expect((await get(varnish, broken)).status).toBe(500);
    // A passed request (an editor's POST) is sent once and gets the application's error as written.
    const before = backend.count(broken);
    const post = await fetch(`${varnish.url}${broken}`, { method: 'POST' });
    expect([post.status, await post.text()]).toEqual([500, `${broken} #${before + 1}`]);
  });
});

describeWithVarnish('the shipped VCL with the backend down', () => {
  const backend = new Backend();
  let varnish: VarnishProcess;

  beforeAll(async () => {
    await backend.start();
    varnish = await startVarnish({ backendPort: backend.port });
  });
  afterAll(async () => {
    await varnish?.stop();
    await backend.stop();
  });

  it('serves an expired copy within stale-if-error, but nothing past it, nor a purged object or one never cached', async () => {
    const kept = backend.route('/api/articles/by-slug/kept', { 'Cache-Control': cacheable(1, 1, 600), 'Surrogate-Key': 'article:kept' });
    const tooOld = backend.route('/api/articles/by-slug/too-old', { 'Cache-Control': cacheable(1, 1, 2), 'Surrogate-Key': 'article:too-old' });
    const purged = backend.route('/api/articles/by-slug/purged', { 'Cache-Control': cacheable(1, 1, 600), 'Surrogate-Key': 'article:purged' });
    for (const path of [kept, tooOld, purged]) await get(varnish, path);
    expect(await varnish.purge(['article:purged'])).toEqual({ status: 200, purged: 1 });

    await backend.stop();
    // Nothing listens on the port any more: the refused connection is what Varnish sees.
    await expect(new Promise((resolve, reject) => net.connect(backend.port, '127.0.0.1').on('connect', resolve).on('error', reject))).rejects.toThrow();
    // Past s-maxage + stale-while-revalidate of both copies and past the stale-if-error of `tooOld` (1 s + 2 s).
    await sleep(3_300);

    const stale = await get(varnish, kept);
    expect([stale.status, stale.body, stale.headers.get('x-cache')]).toEqual([200, `${kept} #1`, 'HIT']);
    expect(Number(stale.headers.get('age'))).toBeGreaterThanOrEqual(2);
    expect((await get(varnish, tooOld)).status).toBe(503);
    expect((await get(varnish, purged)).status).toBe(503);
    expect((await get(varnish, '/api/articles/by-slug/never-cached')).status).toBe(503);
  });
});
