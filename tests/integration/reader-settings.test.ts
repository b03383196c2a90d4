/**
 * The NEWS_* settings as a deployment sets them: time zone and pattern of the "Last update" line,
 * default "More from" size, Cache-Control max-age; and a start-up that refuses a bad time zone.
 */
import fs from 'fs';
import { Client } from 'pg';
import { startApp, useApp } from '../harness/app';
import { REFERENCE_SLUG } from '../harness/constants';

const SETTINGS = {
  NEWS_TIMEZONE: 'Europe/Berlin',
  NEWS_DATE_FORMAT: 'dd.MM.yyyy HH:mm',
  NEWS_MORE_FROM_LIMIT: '3',
  NEWS_CACHE_MAX_AGE: '120',
};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely; the assertions check their shape

const app = useApp({ env: SETTINGS, seed: true });

async function page(slug: string, query = '') {
  const res = await app.http().get(`/api/articles/by-slug/${slug}${query}`);
  expect(res.status).toBe(200);
  return res;
}

describe('with NEWS_TIMEZONE=Europe/Berlin, NEWS_DATE_FORMAT="dd.MM.yyyy HH:mm", NEWS_MORE_FROM_LIMIT=3, NEWS_CACHE_MAX_AGE=120', () => {
  it('formats the last update in Berlin time with the configured pattern (summer time: UTC+2)', async () => {
    const data = (await page(REFERENCE_SLUG)).body.data;
    expect(data.lastUpdate).toEqual({
      datetime: '2016-05-17T19:42:00.000Z',
      formatted: '17.05.2016 21:42',
      label: 'Last update: 17.05.2016 21:42',
      timeZone: 'Europe/Berlin',
    });

    const core = await app.http().get(`/api/articles?filters[slug][$eq]=${REFERENCE_SLUG}`);
    expect(core.body.data[0].lastUpdate.label).toBe('Last update: 17.05.2016 21:42');

    const gql = await app
      .http()
      .post('/graphql')
      .send({ query: `{ articleBySlug(slug: "${REFERENCE_SLUG}") { lastUpdate { label timeZone } } }` });
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.articleBySlug.lastUpdate).toEqual({ label: 'Last update: 17.05.2016 21:42', timeZone: 'Europe/Berlin' });
  });

  it('follows the zone\u2019s rules, not a fixed offset (winter time: UTC+1, and across midnight)', async () => {
    const section = await app.kit.section();
    const winter = await app.kit.article({ section, lastUpdatedAt: '2020-01-15T12:00:00.000Z' });
    const newYear = await app.kit.article({ section, lastUpdatedAt: '2019-12-31T23:30:00.000Z' });
    expect((await page(winter.slug)).body.data.lastUpdate.label).toBe('Last update: 15.01.2020 13:00');
    expect((await page(newYear.slug)).body.data.lastUpdate.label).toBe('Last update: 01.01.2020 00:30');
  });

  it('lists three items by default, and still honours an explicit limit from 1 to 20', async () => {
    const reference = (await page(REFERENCE_SLUG)).body.data.moreFrom;
    expect(reference.title).toBe('More from World');
    expect(reference.items).toHaveLength(3);

    const five = (await page(REFERENCE_SLUG, '?moreFromLimit=5')).body.data.moreFrom.items;
    expect(five).toHaveLength(5);
    expect(reference.items).toEqual(five.slice(0, 3));

    const list = await app.http().get(`/api/sections/world/more-from?exclude=${REFERENCE_SLUG}`);
    expect(list.status).toBe(200);
    expect(list.body.data.items).toEqual(reference.items);
    expect((await app.http().get('/api/sections/world/more-from?limit=7')).body.data.items).toHaveLength(7);
    expect((await app.http().get('/api/sections/world/more-from?limit=21')).status).toBe(400);

    const gql = await app
      .http()
      .post('/graphql')
      .send({ query: `{ articleBySlug(slug: "${REFERENCE_SLUG}") { moreFrom { items { slug } } } }` });
    expect(gql.body.data.articleBySlug.moreFrom.items.map((item: Json) => item.slug)).toEqual(reference.items.map((item: Json) => item.slug));
  });

  it('sends Cache-Control max-age=120', async () => {
    const article = await app.http().get('/api/articles?pagination[pageSize]=1');
    for (const res of [
      await page(REFERENCE_SLUG),
      await app.http().get('/api/sections/world/more-from'),
      article,
      await app.http().get(`/api/articles/${article.body.data[0].documentId}`),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=120');
      expect(res.headers.etag).toMatch(/^"[^"]+"$/);
    }
  });
});

describe('an invalid NEWS_TIMEZONE', () => {
  /** Drops the database a failed start-up created (the harness only drops databases of apps that started). */
  async function dropLeftoverDatabase(env: NodeJS.ProcessEnv) {
    if (env.DATABASE_CLIENT === 'postgres' && env.DATABASE_URL) {
      const url = new URL(env.DATABASE_URL);
      const name = decodeURIComponent(url.pathname.slice(1));
      url.pathname = '/postgres';
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
        const left = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        expect(left.rowCount).toBe(0);
      } finally {
        await client.end();
      }
    } else if (env.DATABASE_FILENAME) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${env.DATABASE_FILENAME}${suffix}`, { force: true });
      expect(fs.existsSync(env.DATABASE_FILENAME)).toBe(false);
    }
  }

  it.each([['Mars/Olympus_Mons'], ['Berlin'], ['UTC+25']])('stops start-up with a message naming NEWS_TIMEZONE (%s)', async (zone) => {
    const before = { ...process.env };
    const runningDatabase = app.client === 'postgres' ? before.DATABASE_URL : before.DATABASE_FILENAME;
    const signalListeners = ['SIGINT', 'SIGTERM'].map((signal) => process.listenerCount(signal));
    let failed: unknown;
    try {
      const started = await startApp({ ...SETTINGS, NEWS_TIMEZONE: zone });
      await started.stop(); // only reached if the start-up wrongly succeeded
    } catch (error) {
      failed = error;
    } finally {
      const attempted = { ...process.env };
      for (const key of Object.keys(process.env)) if (!(key in before)) delete process.env[key];
      Object.assign(process.env, before);
      // The failed attempt pointed the environment at a database of its own: never the running app's.
      const attemptedDatabase = app.client === 'postgres' ? attempted.DATABASE_URL : attempted.DATABASE_FILENAME;
      expect(attemptedDatabase).not.toBe(runningDatabase);
      await dropLeftoverDatabase(attempted);
    }

    expect(failed).toBeInstanceOf(Error);
    const message = String((failed as Error).message);
    expect(message).toContain('NEWS_TIMEZONE');
    expect(message).toContain(zone);

    // Nothing of the failed instance is left hooked to the process, and the app that did start is untouched.
    expect(['SIGINT', 'SIGTERM'].map((signal) => process.listenerCount(signal))).toEqual(signalListeners);
    expect((global as { strapi?: unknown }).strapi).toBe(app.strapi);
    const res = await page(REFERENCE_SLUG);
    expect(res.body.data.lastUpdate.timeZone).toBe('Europe/Berlin');
  });
});
