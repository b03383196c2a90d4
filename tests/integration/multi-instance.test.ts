/**
 * Several instances behind one load balancer: two production server processes (`npm start`) on
 * different ports, sharing one PostgreSQL database. Both serve the same content; what an editor
 * publishes through one, the other serves at once (no instance caches content); and when the
 * scheduled-publishing job runs in both at the same moment, each due item is published once.
 * Creations with one title spread over both get distinct slugs, and publishes and unpublishes of one
 * article spread over both leave one draft and at most one published row (the database holds these
 * rules: src/database/integrity-indexes.ts, src/documents/publication-lock.ts).
 * Each instance keeps reader responses in its origin cache; an edit through one is dropped from the other's
 * through PostgreSQL LISTEN/NOTIFY, and while an instance's LISTEN connection is down its origin cache is off
 * (src/cache/runtime.ts). Every change reaches the purge webhook, whichever instance sends it.
 *
 * PostgreSQL only: several server processes on one SQLite file is not a supported setup.
 */
import { Client } from 'pg';
import { freshDatabase } from '../harness/app';
import { childEnv, startServerProcess, type ServerProcess } from '../harness/processes';
import { readSeed } from '../../src/seed/seed';
import { REFERENCE_SLUG, ARTICLE, SEED_DIR } from '../harness/constants';
import { purgeEndpoint } from '../harness/purge-endpoint';
import { purgesSent, queuedPurges } from '../harness/purges';
import { sleep, until } from '../harness/time';
import { listenerName } from '../../src/cache/runtime';

const onPostgres = (process.env.DATABASE_CLIENT ?? 'sqlite') === 'postgres';
const cm = (rest = '') => `/content-manager/collection-types/${ARTICLE}${rest}`;

(onPostgres ? describe : describe.skip)('two instances on one PostgreSQL database (PostgreSQL only: skipped on SQLite)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;
  let token: string;
  let worldId: string;

  const webhook = purgeEndpoint();
  let webhookUrl: string;

  // Both with the origin cache (on by default) and purging to one webhook, as behind one cache tier.
  const env = (extra: Record<string, string> = {}) =>
    childEnv({ NODE_ENV: 'production', ...database.env, PURGE_ADAPTER: 'webhook', PURGE_WEBHOOK_URL: webhookUrl, ...extra });
  const get = (server: ServerProcess, url: string) => fetch(`${server.url}${url}`);
  const admin = (server: ServerProcess, method: string, url: string, body?: unknown) =>
    fetch(`${server.url}${url}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    database = await freshDatabase();
    webhookUrl = await webhook.url();
    // The first instance creates the tables and loads the demo content; the second joins once it is up
    // (on a new database or after an upgrade, start one instance first: schema sync and migrations run at start).
    a = await startServerProcess(env({ SEED_ON_EMPTY: 'true' }));
    b = await startServerProcess(env());

    const register = await fetch(`${a.url}/admin/register-admin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'chief@newsroom.test', firstname: 'Chief', lastname: 'Editor', password: 'Chief-Passw0rd' }),
    });
    expect(register.status).toBe(200);
    token = ((await register.json()) as { data: { token: string } }).data.token;
    const sections = (await (await get(a, '/api/sections?filters[slug][$eq]=world')).json()) as { data: { documentId: string }[] };
    worldId = sections.data[0].documentId;
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await webhook.close();
    await database?.drop();
  });

  test('both serve the same content, byte for byte', async () => {
    const seed = readSeed(SEED_DIR);
    for (const url of [`/api/articles/by-slug/${REFERENCE_SLUG}`, '/api/articles?pagination[pageSize]=100&sort=documentId', '/api/sections?sort=documentId']) {
      const [fromA, fromB] = await Promise.all([get(a, url), get(b, url)]);
      expect(fromA.status).toBe(200);
      const [bodyA, bodyB] = await Promise.all([fromA.text(), fromB.text()]);
      expect(bodyB).toBe(bodyA);
      expect(fromB.headers.get('etag')).toBe(fromA.headers.get('etag'));
    }
    const list = (await (await get(b, '/api/articles?pagination[pageSize]=100')).json()) as { meta: { pagination: { total: number } } };
    expect(list.meta.pagination.total).toBe(seed.articles.length);
  });

  test('what one instance publishes, the other serves at once', async () => {
    const title = `Breaking on instance A ${Date.now()}`;
    const created = await admin(a, 'POST', cm('/actions/publish'), { title, section: { connect: [{ documentId: worldId }] } });
    expect(created.status).toBe(200);
    const { data } = (await created.json()) as { data: { documentId: string; slug: string } };

    const onB = await get(b, `/api/articles/by-slug/${data.slug}`);
    expect(onB.status).toBe(200);
    const page = (await onB.json()) as { data: { documentId: string; title: string } };
    expect(page.data).toMatchObject({ documentId: data.documentId, title });
    expect(await (await get(b, `/api/articles/by-slug/${data.slug}`)).text()).toBe(await (await get(a, `/api/articles/by-slug/${data.slug}`)).text());

    // And an unpublication through B is seen by A at once.
    expect((await admin(b, 'POST', cm(`/${data.documentId}/actions/unpublish`), {})).status).toBe(200);
    expect((await get(a, `/api/articles/by-slug/${data.slug}`)).status).toBe(404);
  });

  /** An article page on `server`, and what its origin cache did (X-Origin-Cache: HIT, MISS or BYPASS). */
  const articlePage = async (server: ServerProcess, slug: string) => {
    const res = await get(server, `/api/articles/by-slug/${slug}`);
    return { status: res.status, body: await res.text(), originCache: res.headers.get('x-origin-cache') };
  };
  const publishThroughA = async (title: string) => {
    const res = await admin(a, 'POST', cm('/actions/publish'), { title, section: { connect: [{ documentId: worldId }] } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: { documentId: string; slug: string } }).data;
  };
  const editThrough = async (server: ServerProcess, documentId: string, title: string) =>
    expect((await admin(server, 'POST', cm(`/${documentId}/actions/publish`), { title })).status).toBe(200);
  /** B keeps the page in its origin cache (once the purges of its creation, sent and notified, have passed). */
  const cachedOnB = async (slug: string) => {
    await purgesSent(database.env);
    const seen = await until(
      () => articlePage(b, slug),
      (page) => page.originCache === 'HIT',
      3000,
    );
    expect(seen).toMatchObject({ status: 200, originCache: 'HIT' });
  };

  test('an edit published through A is served by B within 1 s, though B had the page in its origin cache', async () => {
    const story = await publishThroughA(`Origin cached ${Date.now()}`);
    await cachedOnB(story.slug);

    const title = `Edited through A ${Date.now()}`;
    await editThrough(a, story.documentId, title);
    const committed = Date.now();
    const seen = await until(
      () => articlePage(b, story.slug),
      (page) => page.body.includes(title),
      5000,
      20,
    );
    expect(seen.body).toContain(title);
    // The target for every instance after a publish: NOTIFY reaches B at A's commit.
    expect(Date.now() - committed).toBeLessThan(1000);
  });

  test('each change reaches the purge webhook, whichever instance commits or sends it, and none is left queued', async () => {
    const story = await publishThroughA(`Purged once ${Date.now()}`);
    await editThrough(b, story.documentId, `Purged once, edited through B ${Date.now()}`);
    await purgesSent(database.env);
    // Purges are idempotent: a row sent twice (a lease that ran out) is allowed, a row never sent is not.
    expect(webhook.count(`article:${story.documentId}`)).toBeGreaterThanOrEqual(1);
    expect(await queuedPurges(database.env, { dueBy: Date.now() })).toBe(0); // later rows: the seed's teaser windows
  });

  test("while B's LISTEN connection is down its origin cache is off, so B serves no stale page; then it reconnects", async () => {
    const story = await publishThroughA(`Deaf instance ${Date.now()}`);
    await cachedOnB(story.slug);

    // B reconnects a second after each loss: terminating its listener every 50 ms keeps it down.
    if (b.child.pid === undefined) throw new Error('B has no process id');
    const listener = listenerName(b.child.pid);
    const killer = new Client({ connectionString: database.env.DATABASE_URL });
    await killer.connect();
    let killed = 0;
    let killing = true;
    const kills = (async () => {
      while (killing) {
        const result = await killer.query('SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = $1', [listener]);
        killed += result.rows.filter((row: { done: boolean }) => row.done).length;
        await sleep(50);
      }
    })();
    try {
      const off = await until(
        () => articlePage(b, story.slug),
        (page) => page.originCache === 'BYPASS',
        3000,
      );
      expect(off.originCache).toBe('BYPASS');

      const title = `Edited while B could not hear ${Date.now()}`;
      await editThrough(a, story.documentId, title);
      const seen = [];
      for (let i = 0; i < 10; i += 1) {
        seen.push(await articlePage(b, story.slug));
        await sleep(50);
      }
      for (const page of seen) expect(page.body).toContain(title);
      expect(seen.map((page) => page.originCache)).toContain('BYPASS');
    } finally {
      killing = false;
      await kills;
      await killer.end();
    }
    expect(killed).toBeGreaterThan(0);
    expect(b.output().stdout + b.output().stderr).toContain('Origin cache off until the purge notifications reconnect');

    // Listening again: B caches again.
    const back = await until(
      async () => (await articlePage(b, story.slug)).originCache,
      (header) => header === 'HIT',
      5000,
      100,
    );
    expect(back).toBe('HIT');
  });

  /** Runs `work` on a connection of its own to the shared database. */
  async function withDatabase<T>(work: (pg: Client) => Promise<T>): Promise<T> {
    const pg = new Client({ connectionString: database.env.DATABASE_URL });
    await pg.connect();
    try {
      return await work(pg);
    } finally {
      await pg.end();
    }
  }

  test('20 creations with one title at once, spread over both instances and over REST and the admin panel, get 20 distinct slugs', async () => {
    const tokenRes = await admin(a, 'POST', '/admin/api-tokens', { name: `multi-${Date.now()}`, type: 'full-access', lifespan: null });
    expect(tokenRes.status).toBe(201);
    const apiToken = ((await tokenRes.json()) as { data: { accessKey: string } }).data.accessKey;
    const title = `Two instances one title ${Date.now()}`;
    const base = title.toLowerCase().replace(/ /g, '-');

    const create = (i: number) => {
      const server = i % 2 === 0 ? a : b;
      if (i % 4 < 2) return admin(server, 'POST', cm(), { title, section: { connect: [{ documentId: worldId }] } });
      return fetch(`${server.url}/api/articles`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${apiToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ data: { title, section: worldId } }),
      });
    };
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => create(i)));
    const bodies = (await Promise.all(responses.map((res) => res.json()))) as { data: { documentId: string; slug: string } }[];
    expect(responses.map((res) => res.status)).toEqual(Array(20).fill(201));
    const slugs = bodies.map((body) => body.data.slug);
    expect([...slugs].sort()).toEqual([base, ...Array.from({ length: 19 }, (_, i) => `${base}-${i + 2}`)].sort());

    const drafts = await withDatabase((pg) => pg.query('SELECT document_id, slug FROM articles WHERE title = $1 AND published_at IS NULL', [title]));
    expect(drafts.rows).toHaveLength(20);
    expect(new Set(drafts.rows.map((row) => row.slug)).size).toBe(20);
    for (const body of bodies) expect(drafts.rows).toContainEqual({ document_id: body.data.documentId, slug: body.data.slug });
  });

  test('10 publishes and 10 unpublishes of one article at once, spread over both instances, leave a consistent state', async () => {
    const created = await admin(a, 'POST', cm('/actions/publish'), { title: `Contested ${Date.now()}`, section: { connect: [{ documentId: worldId }] } });
    expect(created.status).toBe(200);
    const { documentId, slug } = ((await created.json()) as { data: { documentId: string; slug: string } }).data;
    const versions = () =>
      withDatabase(
        async (pg) =>
          (await pg.query('SELECT published_at, publication_date FROM articles WHERE document_id = $1', [documentId])).rows as Array<{
            published_at: Date | null;
            publication_date: Date;
          }>,
      );
    const [first] = await versions();

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => admin(i % 3 === 0 ? a : b, 'POST', cm(`/${documentId}/actions/${i % 2 === 0 ? 'publish' : 'unpublish'}`), {})),
    );
    const statuses = responses.map((res) => res.status);
    expect(statuses.filter((_, i) => i % 2 === 0)).toEqual(Array(10).fill(200));
    for (const status of statuses.filter((_, i) => i % 2 === 1)) expect([200, 404]).toContain(status); // 404: nothing left to unpublish

    const rows = await versions();
    const published = rows.filter((row) => row.published_at !== null);
    expect(rows.filter((row) => row.published_at === null)).toHaveLength(1);
    expect(published.length).toBeLessThanOrEqual(1);
    for (const row of rows) expect(row.publication_date).toEqual(first.publication_date);
    for (const server of [a, b]) expect((await get(server, `/api/articles/by-slug/${slug}`)).status).toBe(published.length === 1 ? 200 : 404);
  });

  test('the scheduler running in both instances at once publishes each due item exactly once', async () => {
    const due = new Date(Date.now() - 60_000).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const res = await admin(a, 'POST', cm(), { title: `Embargoed ${i} ${Date.now()}`, section: { connect: [{ documentId: worldId }] }, scheduledAt: due });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { data: { documentId: string } }).data.documentId);
    }

    // Both instances run the job at the same moment, as their cron does at the top of each minute.
    const runs = await Promise.all([a, b].map(async (server) => (await fetch(`${server.url}/_test/publish-due`, { method: 'POST' })).json()));
    const [fromA, fromB] = runs as { published: string[]; failed: unknown[] }[];
    expect(fromA.failed).toEqual([]);
    expect(fromB.failed).toEqual([]);
    const published = [...fromA.published, ...fromB.published];
    expect([...published].sort()).toEqual([...ids].sort()); // every item, none twice
    expect(fromA.published.filter((id) => fromB.published.includes(id))).toEqual([]);

    const pg = new Client({ connectionString: database.env.DATABASE_URL });
    await pg.connect();
    try {
      const rows = await pg.query(
        'SELECT document_id, count(*)::int AS published FROM articles WHERE document_id = ANY($1) AND published_at IS NOT NULL GROUP BY document_id',
        [ids],
      );
      expect(rows.rows).toHaveLength(ids.length);
      for (const row of rows.rows) expect(row.published).toBe(1);
    } finally {
      await pg.end();
    }
    // Both instances serve them.
    for (const server of [a, b]) {
      const list = (await (
        await get(server, `/api/articles?filters[documentId][$in]=${ids.join('&filters[documentId][$in]=')}&pagination[pageSize]=100`)
      ).json()) as { data: unknown[] };
      expect(list.data).toHaveLength(ids.length);
    }
  });
});
