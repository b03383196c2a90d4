/**
 * Draft preview: the admin panel's "Open preview" points at the reader's preview page, which reads
 * the draft from GET /api/preview/articles/:documentId with PREVIEW_SECRET. Without the secret,
 * drafts stay invisible there and everywhere else.
 */
import { useApp } from '../harness/app';
import { panelUser, type PanelUser } from '../harness/admin-users';
import { unique } from '../harness/content';
import { EDITOR } from '../../src/bootstrap/roles';
import { ARTICLE, SECTION } from '../harness/constants';

const SECRET = 'preview-secret-for-tests-0123456789';
const READER_URL = 'http://reader.test:3000';

const app = useApp({ env: { PREVIEW_SECRET: SECRET, READER_URL } });
let world: { documentId: string; name: string; slug: string };
let draft: { documentId: string; slug: string };
let editor: PanelUser;

beforeAll(async () => {
  world = (await app.strapi.documents(SECTION).create({ data: { name: unique('World') } })) as never;
  draft = (await app.strapi.documents(ARTICLE).create({
    data: {
      title: 'Draft under embargo',
      section: world.documentId,
      byline: 'By the desk',
      body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Not yet for readers.' }] }],
    } as never,
  })) as never;
  editor = await panelUser(app, EDITOR.code, 'editor');
});
const preview = (documentId: string, query = '') => app.http().get(`/api/preview/articles/${documentId}${query}`);

function expectUnauthorized(res: { status: number; body: unknown; headers: Record<string, string> }) {
  expect(res.status).toBe(401);
  expect(res.body).toEqual({
    data: null,
    error: { status: 401, name: 'UnauthorizedError', message: expect.any(String), details: {} },
  });
  expect(JSON.stringify(res.body)).not.toContain('Draft under embargo');
  expect(res.headers['cache-control']).toBe('no-store');
}

describe('the preview API', () => {
  test('refuses a request without the secret, or with a wrong one, in Strapi’s error format', async () => {
    expectUnauthorized(await preview(draft.documentId));
    expectUnauthorized(await preview(draft.documentId, '?secret=wrong'));
    expectUnauthorized(await preview(draft.documentId).set('X-Preview-Secret', `${SECRET}x`));
    expectUnauthorized(await preview(draft.documentId).set('X-Preview-Secret', ''));
    expectUnauthorized(await preview(draft.documentId, `?secret[]=${SECRET}`));
    // An unknown document is refused the same way: without the secret nothing is revealed.
    expectUnauthorized(await preview('no-such-document'));
  });

  test('answers the draft as an article page with the secret in the X-Preview-Secret header, never cached', async () => {
    const res = await preview(draft.documentId).set('X-Preview-Secret', SECRET);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
    expect(res.body.data).toMatchObject({
      documentId: draft.documentId,
      title: 'Draft under embargo',
      slug: draft.slug,
      byline: 'By the desk',
      publishedAt: null,
      section: { name: world.name, slug: world.slug },
      moreFrom: { title: `More from ${world.name}`, items: [] },
    });
    expect(res.body.data.body).toEqual([{ type: 'paragraph', children: [{ type: 'text', text: 'Not yet for readers.' }] }]);
    // The same keys as the reader's article page.
    const published = await app.strapi.documents(ARTICLE).create({ data: { title: unique('Live'), section: world.documentId }, status: 'published' });
    const page = await app.http().get(`/api/articles/by-slug/${published.slug}`);
    expect(Object.keys(res.body.data).sort()).toEqual(Object.keys(page.body.data).sort());
  });

  test('accepts the secret as the `secret` query parameter too (the link the admin panel opens)', async () => {
    const res = await preview(draft.documentId, `?secret=${encodeURIComponent(SECRET)}&status=draft`);
    expect(res.status).toBe(200);
    expect(res.body.data.title).toBe('Draft under embargo');
  });

  test('shows the draft or the published version of a published article with pending changes', async () => {
    const article = await app.strapi.documents(ARTICLE).create({ data: { title: 'Published wording', section: world.documentId }, status: 'published' });
    await app.strapi.documents(ARTICLE).update({ documentId: article.documentId, data: { title: 'Draft wording' } as never });
    const asDraft = await preview(article.documentId, '?status=draft').set('X-Preview-Secret', SECRET);
    const asPublished = await preview(article.documentId, '?status=published').set('X-Preview-Secret', SECRET);
    expect(asDraft.body.data.title).toBe('Draft wording');
    expect(asPublished.body.data.title).toBe('Published wording');
    expect(asPublished.body.data.publishedAt).toEqual(expect.any(String));
    expect((await app.http().get(`/api/articles/by-slug/${article.slug}`)).body.data.title).toBe('Published wording');
  });

  test('404 for a version that does not exist, 400 for a bad status or limit', async () => {
    const never = await preview(draft.documentId, '?status=published').set('X-Preview-Secret', SECRET);
    expect(never.status).toBe(404);
    expect(never.body.error).toMatchObject({ status: 404, name: 'NotFoundError' });
    expect((await preview('no-such-document').set('X-Preview-Secret', SECRET)).status).toBe(404);
    const badStatus = await preview(draft.documentId, '?status=archived').set('X-Preview-Secret', SECRET);
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error).toMatchObject({ status: 400, name: 'ValidationError' });
    expect((await preview(draft.documentId, '?moreFromLimit=0').set('X-Preview-Secret', SECRET)).status).toBe(400);
  });

  test('refuses everything when no PREVIEW_SECRET is configured', async () => {
    const settings = app.strapi.config.get<{ secret: string | null }>('preview');
    const configured = settings.secret;
    app.strapi.config.set('preview.secret', null);
    try {
      expectUnauthorized(await preview(draft.documentId).set('X-Preview-Secret', ''));
      expectUnauthorized(await preview(draft.documentId).set('X-Preview-Secret', 'null'));
      expectUnauthorized(await preview(draft.documentId, '?secret='));
    } finally {
      app.strapi.config.set('preview.secret', configured);
    }
  });
});

describe('drafts stay invisible to readers', () => {
  test('in the reader REST and GraphQL APIs, also when asked for drafts', async () => {
    expect((await app.http().get(`/api/articles/by-slug/${draft.slug}`)).status).toBe(404);
    expect((await app.http().get(`/api/articles/${draft.documentId}?status=draft`)).status).toBe(404);
    const list = await app.http().get(`/api/articles?status=draft&filters[documentId][$eq]=${draft.documentId}`);
    expect(list.body.data).toEqual([]);
    const graphql = await app
      .http()
      .post('/graphql')
      .send({ query: `{ article(documentId: "${draft.documentId}", status: DRAFT) { title } }` });
    expect(graphql.body.data?.article ?? null).toBeNull();
  });

  test('the preview answer of one request does not leak into the next reader request', async () => {
    await preview(draft.documentId).set('X-Preview-Secret', SECRET);
    expect((await app.http().get(`/api/articles/${draft.documentId}?status=draft`)).status).toBe(404);
  });
});

describe("the admin panel's preview link", () => {
  test('points an article at the reader preview page with the secret and the status', async () => {
    const res = await editor.get(`/content-manager/preview/url/${ARTICLE}?documentId=${draft.documentId}&status=draft`);
    expect(res.status).toBe(200);
    const url = new URL(res.body.data.url);
    expect(url.origin).toBe(READER_URL);
    expect(url.pathname).toBe(`/preview/articles/${draft.documentId}`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ secret: SECRET, status: 'draft' });

    const published = await editor.get(`/content-manager/preview/url/${ARTICLE}?documentId=${draft.documentId}&status=published`);
    expect(new URL(published.body.data.url).searchParams.get('status')).toBe('published');
  });

  test('is offered for articles only', async () => {
    const res = await editor.get(`/content-manager/preview/url/${SECTION}?documentId=${world.documentId}`);
    expect(res.status).toBe(204);
  });

  test('is for signed-in admin users only', async () => {
    const res = await app.http().get(`/content-manager/preview/url/${ARTICLE}?documentId=${draft.documentId}&status=draft`);
    expect(res.status).toBe(401);
  });

  test('the admin panel may frame the reader (Content-Security-Policy frame-src)', async () => {
    const res = await app.http().get('/admin/init');
    expect(res.headers['content-security-policy']).toMatch(new RegExp(`frame-src[^;]*${READER_URL.replace(/[.:/]/g, '\\$&')}`));
  });
});
