/**
 * Scheduled publishing (embargo): a draft article or teaser with `scheduledAt` is published by the
 * job once that time has come, and the field is cleared. Until then no reader API shows it. Two runs
 * at once publish each item exactly once; one failing item does not stop the others.
 */
import { useApp } from '../harness/app';
import { unique } from '../harness/content';
import { publishDue } from '../../src/scheduling/publish-due';
import { ARTICLE, TEASER, SECTION } from '../harness/constants';
import { sleep } from '../harness/time';

type Row = Record<string, unknown>;

const app = useApp();
let world: { documentId: string };
const publishEvents: string[] = [];

beforeAll(async () => {
  world = await app.strapi.documents(SECTION).create({ data: { name: unique('World') } });
  app.strapi.eventHub.on('entry.publish', async (event: { entry?: { documentId?: string } }) => {
    if (event.entry?.documentId) publishEvents.push(event.entry.documentId);
  });
});
const minutes = (n: number) => n * 60_000;
const articles = () => app.strapi.documents(ARTICLE);
const teasers = () => app.strapi.documents(TEASER);

/** Every stored row (draft and published) of one document. */
const rowsOf = (uid: string, documentId: string) => app.strapi.db.query(uid).findMany({ where: { documentId }, orderBy: { id: 'asc' } }) as Promise<Row[]>;
const publishedCount = (uid: string, documentId: string) => app.strapi.db.query(uid).count({ where: { documentId, publishedAt: { $notNull: true } } });
const eventsFor = (documentId: string) => publishEvents.filter((id) => id === documentId).length;

/**
 * The 'entry.publish' events of these documents, once they have arrived: Strapi emits them after the
 * transaction commits, without waiting for them. Waits for at least one each, then a little longer
 * so that a second event would have arrived too.
 */
async function settledEvents(documentIds: string[]): Promise<number[]> {
  const deadline = Date.now() + 5000;
  while (documentIds.some((id) => eventsFor(id) === 0) && Date.now() < deadline) await sleep(25);
  await sleep(300);
  return documentIds.map(eventsFor);
}

async function scheduledArticle(scheduledAt: Date, data: Row = {}) {
  return articles().create({ data: { title: unique('Embargoed story'), section: world.documentId, scheduledAt, ...data } as never });
}

describe('a due draft', () => {
  test('an article and a teaser are published by the run and their scheduledAt is cleared', async () => {
    const now = new Date();
    const article = await scheduledArticle(new Date(now.getTime() - minutes(1)));
    const live = await articles().create({ data: { title: unique('Live story'), section: world.documentId }, status: 'published' });
    const teaser = await teasers().create({
      data: { article: live.documentId, section: world.documentId, headline: 'Scheduled teaser', scheduledAt: new Date(now.getTime() - 1000) } as never,
    });

    const result = await publishDue(app.strapi, now);
    expect(result.failed).toEqual([]);
    expect(result.published).toEqual(expect.arrayContaining([article.documentId, teaser.documentId]));

    for (const [uid, documentId] of [
      [ARTICLE, article.documentId],
      [TEASER, teaser.documentId],
    ]) {
      expect(await publishedCount(uid, documentId)).toBe(1);
      const rows = await rowsOf(uid, documentId);
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(row.scheduledAt).toBeNull();
    }
    const page = await app.http().get(`/api/articles/by-slug/${article.slug}`);
    expect(page.status).toBe(200);
    expect(page.body.data.publicationDate).toEqual(expect.any(String));
  });

  test('a second run publishes nothing again', async () => {
    const article = await scheduledArticle(new Date(Date.now() - 1000));
    expect((await publishDue(app.strapi)).published).toContain(article.documentId);
    expect((await publishDue(app.strapi)).published).not.toContain(article.documentId);
    expect(await settledEvents([article.documentId])).toEqual([1]);
    expect(await publishedCount(ARTICLE, article.documentId)).toBe(1);
  });
});

describe('a draft scheduled for later', () => {
  test('is in no reader API until the run after its time', async () => {
    const at = new Date(Date.now() + minutes(30));
    const article = await scheduledArticle(at, { title: 'Embargoed until half past' });
    const slug = String(article.slug);

    const hidden = async () => {
      expect((await app.http().get(`/api/articles/by-slug/${slug}`)).status).toBe(404);
      const list = await app.http().get(`/api/articles?filters[slug][$eq]=${slug}&status=draft`);
      expect(list.status).toBe(200);
      expect(list.body.data).toEqual([]);
      expect((await app.http().get(`/api/articles/${article.documentId}?status=draft`)).status).toBe(404);
      const graphql = await app
        .http()
        .post('/graphql')
        .send({ query: `{ articles(filters: { slug: { eq: "${slug}" } }, status: DRAFT) { title } }` });
      expect(graphql.body.data?.articles ?? []).toEqual([]);
    };

    await hidden();
    expect((await publishDue(app.strapi, new Date(at.getTime() - 1000))).published).not.toContain(article.documentId);
    await hidden();

    const run = await publishDue(app.strapi, new Date(at.getTime() + 1000));
    expect(run.published).toContain(article.documentId);
    const page = await app.http().get(`/api/articles/by-slug/${slug}`);
    expect(page.status).toBe(200);
    expect(page.body.data.title).toBe('Embargoed until half past');
  });

  test('the embargo time is never shown to readers', async () => {
    const article = await articles().create({ data: { title: unique('Public story'), section: world.documentId }, status: 'published' });
    const res = await app.http().get(`/api/articles/${article.documentId}`);
    expect(res.status).toBe(200);
    expect(res.body.data).not.toHaveProperty('scheduledAt');
  });
});

describe('two runs at once', () => {
  test('publish each due item exactly once', async () => {
    const due = new Date(Date.now() - 1000);
    const scheduled = await Promise.all(Array.from({ length: 6 }, () => scheduledArticle(due)));
    const live = await articles().create({ data: { title: unique('Promoted'), section: world.documentId }, status: 'published' });
    const scheduledTeasers = await Promise.all(
      Array.from({ length: 3 }, (_, i) => teasers().create({ data: { article: live.documentId, headline: `Teaser ${i}`, scheduledAt: due } as never })),
    );
    const ids = [...scheduled, ...scheduledTeasers].map((doc) => doc.documentId);

    const [first, second] = await Promise.all([publishDue(app.strapi), publishDue(app.strapi)]);
    expect(first.failed).toEqual([]);
    expect(second.failed).toEqual([]);
    const published = [...first.published, ...second.published].filter((id) => ids.includes(id));
    expect(published.sort()).toEqual([...ids].sort());

    expect(await settledEvents(ids)).toEqual(ids.map(() => 1));
    for (const doc of scheduled) expect(await publishedCount(ARTICLE, doc.documentId)).toBe(1);
    for (const doc of scheduledTeasers) expect(await publishedCount(TEASER, doc.documentId)).toBe(1);
  });
});

describe('a failing item', () => {
  test('is logged, keeps its scheduledAt, and does not stop the others', async () => {
    const due = new Date(Date.now() - minutes(2));
    const broken = await articles().create({ data: { title: unique('No section yet'), scheduledAt: due } as never });
    const fine = await scheduledArticle(new Date(due.getTime() + 1000));
    const error = jest.spyOn(app.strapi.log, 'error').mockImplementation(() => app.strapi.log);

    const result = await publishDue(app.strapi);
    expect(result.failed).toEqual([{ uid: ARTICLE, documentId: broken.documentId, error: expect.stringMatching(/section/) }]);
    expect(result.published).toContain(fine.documentId);
    expect(error).toHaveBeenCalledWith(expect.stringContaining(broken.documentId));
    error.mockRestore();

    const [draft] = await rowsOf(ARTICLE, broken.documentId);
    expect(new Date(draft.scheduledAt as string).toISOString()).toBe(due.toISOString());
    expect(await publishedCount(ARTICLE, broken.documentId)).toBe(0);

    // Once fixed, the next run publishes it.
    await articles().update({ documentId: broken.documentId, data: { section: world.documentId } as never });
    expect((await publishDue(app.strapi)).published).toContain(broken.documentId);
  });
});

describe('publishing by hand', () => {
  test('ends the schedule, so the job never publishes that draft again', async () => {
    const article = await scheduledArticle(new Date(Date.now() + minutes(10)));
    await articles().publish({ documentId: article.documentId });
    for (const row of await rowsOf(ARTICLE, article.documentId)) expect(row.scheduledAt).toBeNull();
    expect((await publishDue(app.strapi, new Date(Date.now() + minutes(20)))).published).not.toContain(article.documentId);
    expect(await settledEvents([article.documentId])).toEqual([1]);
  });

  test('create or update with status published clears scheduledAt too', async () => {
    const at = new Date(Date.now() + minutes(10));
    const created = await articles().create({
      data: { title: unique('Straight to print'), section: world.documentId, scheduledAt: at } as never,
      status: 'published',
    });
    for (const row of await rowsOf(ARTICLE, created.documentId)) expect(row.scheduledAt).toBeNull();

    const draft = await scheduledArticle(at);
    await articles().update({ documentId: draft.documentId, data: { byline: 'By the desk' } as never, status: 'published' });
    for (const row of await rowsOf(ARTICLE, draft.documentId)) expect(row.scheduledAt).toBeNull();
  });

  test('a schedule in the past is accepted and published by the next run', async () => {
    const article = await scheduledArticle(new Date(Date.now() - minutes(60 * 24)));
    expect((await publishDue(app.strapi)).published).toContain(article.documentId);
  });
});
