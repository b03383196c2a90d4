/**
 * What an anonymous client (a reader's browser, a scraper) can do: read published articles,
 * sections and teasers through the core REST routes and GraphQL, and nothing else. A draft that was
 * never published, an article taken down after publication and an unpublished edit of a live article
 * never reach it, whatever it asks for (`status=draft`, a documentId, `populate`, counts). No write
 * is public, on newsroom content or on users, roles and uploads. The full table of reader surfaces ×
 * hidden content (populate in every form, GraphQL nested fields, teaser windows) is leaks.test.ts.
 */
import { useApp } from '../harness/app';
import { ARTICLE, SECTION, TEASER, REFERENCE_SLUG } from '../harness/constants';
import { documents, type Row } from '../harness/clients';

const app = useApp({ seed: true });
let world: Row;
/** Never published. */
let draftOnly: Row;
/** Published, then taken down. */
let retracted: Row;
/** Published; its draft carries an edit that is not published yet. */
let edited: Row;

const DRAFT_EDIT_TITLE = 'Unpublished correction of the Vienna story';

const articles = () => documents(app, ARTICLE);
const sections = () => documents(app, SECTION);
const teasers = () => documents(app, TEASER);
const anonymous = () => app.http();

/** Whatever identifies content a reader must not see. */
const secrets = () =>
  [draftOnly.documentId, draftOnly.slug, draftOnly.title, retracted.documentId, retracted.slug, retracted.title, DRAFT_EDIT_TITLE].map(String);

function expectNoSecrets(body: unknown) {
  const text = JSON.stringify(body);
  for (const secret of secrets()) expect(text).not.toContain(secret);
}

const publishedArticleCount = () => app.seed.articles.length + 1;

beforeAll(async () => {
  world = (await sections().findFirst({ filters: { slug: 'world' } })) as Row;

  draftOnly = await articles().create({ data: { title: 'Embargoed: minister to resign on Friday', section: world.documentId } });
  retracted = await articles().create({ data: { title: 'Retracted: celebrity wedding in Vienna', section: world.documentId }, status: 'published' });
  edited = await articles().create({ data: { title: 'Talks in Vienna resume', section: world.documentId }, status: 'published' });

  await teasers().create({ data: { article: draftOnly.documentId, section: world.documentId, headline: 'Coming up', position: 0 }, status: 'published' });
  await teasers().create({ data: { article: retracted.documentId, section: world.documentId, headline: 'Also in World', position: 0 }, status: 'published' });

  await articles().unpublish({ documentId: retracted.documentId });
  await articles().update({ documentId: edited.documentId, data: { title: DRAFT_EDIT_TITLE } });
});

describe('published content is public', () => {
  test('the reference article is found by its slug, in section World', async () => {
    const res = await anonymous().get(`/api/articles?filters[slug][$eq]=${REFERENCE_SLUG}&populate=section`);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      title: "Russia seeks distance from Syria's al-Assad amid Vienna peace talks",
      slug: REFERENCE_SLUG,
      section: { name: 'World', slug: 'world' },
    });
    expect(res.body.data[0].publishedAt).not.toBeNull();
    expect(res.body.meta.pagination.total).toBe(1);
  });

  test('articles: find lists every published article and findOne returns each', async () => {
    const res = await anonymous().get('/api/articles?pagination[pageSize]=100&populate=section');
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination.total).toBe(publishedArticleCount());
    const slugs = (res.body.data as Row[]).map((a) => a.slug);
    expect(slugs).toEqual(expect.arrayContaining([...app.seed.articles.map((a) => a.slug), edited.slug]));
    expect((res.body.data as Row[]).every((a) => a.publishedAt !== null)).toBe(true);

    const one = res.body.data.find((a: Row) => a.slug === REFERENCE_SLUG) as Row;
    const single = await anonymous().get(`/api/articles/${String(one.documentId)}?populate=section`);
    expect(single.status).toBe(200);
    expect(single.body.data).toMatchObject({ slug: REFERENCE_SLUG, section: { name: 'World' } });
  });

  test('sections: find lists every section and findOne returns one, with its parent', async () => {
    const res = await anonymous().get('/api/sections?pagination[pageSize]=100');
    expect(res.status).toBe(200);
    expect((res.body.data as Row[]).map((s) => s.slug).sort()).toEqual(app.seed.sections.map((s) => s.slug).sort());
    expect(res.body.meta.pagination.total).toBe(app.seed.sections.length);

    const europe = (res.body.data as Row[]).find((s) => s.slug === 'europe') as Row;
    const single = await anonymous().get(`/api/sections/${String(europe.documentId)}?populate=parent`);
    expect(single.status).toBe(200);
    expect(single.body.data).toMatchObject({ name: 'Europe', parent: { name: 'World' } });
  });

  test('teasers: find and findOne return the published teasers with their published articles', async () => {
    const res = await anonymous().get('/api/teasers?pagination[pageSize]=100&populate=*');
    expect(res.status).toBe(200);
    const withArticle = (res.body.data as Row[]).filter((t) => t.article);
    expect(withArticle.map((t) => (t.article as Row).slug).sort()).toEqual(app.seed.teasers.map((t) => t.article).sort());

    const first = withArticle[0];
    const single = await anonymous().get(`/api/teasers/${String(first.documentId)}?populate=article`);
    expect(single.status).toBe(200);
    expect(single.body.data.article.slug).toBe((first.article as Row).slug);
  });
});

describe('drafts and taken-down articles never reach an anonymous client', () => {
  const LIST_QUERIES = [
    '/api/articles?pagination[pageSize]=100',
    '/api/articles?status=draft&pagination[pageSize]=100',
    '/api/articles?status=published&pagination[pageSize]=100',
    '/api/articles?pagination[pageSize]=100&filters[section][slug][$eq]=world',
    '/api/articles?status=draft&pagination[pageSize]=100&filters[section][slug][$eq]=world',
    '/api/articles?status=draft&filters[publishedAt][$null]=true',
    '/api/articles?filters[title][$containsi]=embargoed',
    '/api/articles?status=draft&filters[title][$containsi]=retracted',
    '/api/articles?status=draft&sort=updatedAt:desc&pagination[pageSize]=100',
  ];

  test.each(LIST_QUERIES)('GET %s', async (url) => {
    const res = await anonymous().get(url);
    expect(res.status).toBe(200);
    expectNoSecrets(res.body);
    expect((res.body.data as Row[]).every((a) => a.publishedAt !== null)).toBe(true);
  });
});

describe('no write is public', () => {
  function expectRefused(res: { status: number; body: unknown }) {
    expect([401, 403]).toContain(res.status);
    expect(res.body).toEqual({
      data: null,
      error: expect.objectContaining({ status: res.status, name: expect.stringMatching(/^(ForbiddenError|UnauthorizedError)$/), message: expect.any(String) }),
    });
  }

  // Writes to articles, sections and teasers over REST and GraphQL, by anonymous clients and by
  // signed-in readers, are cells of the permission matrix (permissions.test.ts).

  test('users, roles, permissions and uploads are not public', async () => {
    const count = async () => ({
      users: await app.strapi.db.query('plugin::users-permissions.user').count(),
      roles: await app.strapi.db.query('plugin::users-permissions.role').count(),
      permissions: await app.strapi.db.query('plugin::users-permissions.permission').count(),
      files: await app.strapi.db.query('plugin::upload.file').count(),
    });
    const before = await count();
    const publicRole = (await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } })) as Row;

    const requests = [
      anonymous().get('/api/users'),
      anonymous().get('/api/users/1'),
      anonymous().post('/api/users').send({ username: 'intruder', email: 'intruder@example.test', password: 'Intruder123!', role: 1 }),
      anonymous().put('/api/users/1').send({ blocked: true }),
      anonymous().delete('/api/users/1'),
      anonymous().post('/api/users-permissions/roles').send({ name: 'Owners', description: 'x', permissions: {} }),
      anonymous()
        .put(`/api/users-permissions/roles/${String(publicRole.id)}`)
        .send({ name: 'Public', permissions: { 'api::article': { controllers: { article: { create: { enabled: true } } } } } }),
      anonymous().delete(`/api/users-permissions/roles/${String(publicRole.id)}`),
      anonymous().post('/api/upload').attach('files', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.svg'),
      anonymous().delete('/api/upload/files/1'),
      anonymous().get('/api/upload/files'),
    ];
    for (const res of await Promise.all(requests)) expectRefused(res);
    expect(await count()).toEqual(before);
  });

  test('an account from the open sign-up cannot give itself another role, and reads no drafts', async () => {
    const signUp = await anonymous()
      .post('/api/auth/local/register')
      .send({ username: 'reader1', email: 'reader1@example.test', password: 'Reader-Passw0rd!' });
    expect(signUp.status).toBe(200);
    const auth = { Authorization: `Bearer ${signUp.body.jwt as string}` };
    const roleOf = async () =>
      ((await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: signUp.body.user.id }, populate: ['role'] })) as { role: Row }).role
        .type;
    expect(await roleOf()).toBe('authenticated');
    expectRefused(await anonymous().put(`/api/users/${signUp.body.user.id}`).set(auth).send({ role: 1 }));
    expect(await roleOf()).toBe('authenticated');

    const list = await anonymous().get('/api/articles?status=draft&pagination[pageSize]=100').set(auth);
    expect(list.status).toBe(200);
    expect(list.body.meta.pagination.total).toBe(publishedArticleCount());
    expectNoSecrets(list.body);
  });
});
