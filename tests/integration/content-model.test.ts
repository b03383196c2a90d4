/**
 * The content model as editors and integrators meet it: required fields, the publishing rules, the
 * relations between articles, sections and teasers (both sides), the first-publication date, the
 * last-update date and the SEO component. Each rule is checked through the paths that can break it:
 * the Document Service (scripts, seed), REST with an API token, and the admin panel's API.
 */
import { useApp } from '../harness/app';
import { ARTICLE, SECTION, TEASER } from '../harness/constants';
import { adminSessionToken, cm } from '../harness/admin-users';
import { bearer, documents, errorOf, errorPaths, expectValidationError, fullAccessToken, rejectionOf, rowsOf, type Row } from '../harness/clients';
import { sleep } from '../harness/time';
import { unique } from '../harness/content';

const app = useApp();
let token: string;
let admin: string;
let world: Row;
let europe: Row;

const articles = () => documents(app, ARTICLE);
const sections = () => documents(app, SECTION);
const teasers = () => documents(app, TEASER);

const rest = {
  post: (url: string, data: Row) => app.http().post(url).set(bearer(token)).send({ data }),
  put: (url: string, data: Row) => app.http().put(url).set(bearer(token)).send({ data }),
  get: (url: string) => app.http().get(url).set(bearer(token)),
};
const panel = {
  post: (url: string, body: Row) => app.http().post(url).set(bearer(admin)).send(body),
  put: (url: string, body: Row) => app.http().put(url).set(bearer(admin)).send(body),
};
const anonymous = { get: (url: string) => app.http().get(url) };

/** Rows (all versions) of the articles with this title. */
const articleRows = (title: string) => rowsOf(app, ARTICLE, { title });
const publishedRows = (rows: Row[]) => rows.filter((row) => row.publishedAt !== null);

beforeAll(async () => {
  token = await fullAccessToken(app);
  admin = await adminSessionToken(app);
  world = await sections().create({ data: { name: 'World' } });
  europe = await sections().create({ data: { name: 'Europe', parent: world.documentId } });
});

describe('Section', () => {
  test('a section needs a name: the Document Service and REST refuse one without, and store nothing', async () => {
    const before = await sections().count();

    const error = await rejectionOf(sections().create({ data: { description: 'No name here' } }));
    expect(error.name).toBe('ValidationError');
    expect(errorPaths(error)).toEqual(['name']);

    for (const data of [{ description: 'No name here' }, { name: null }, { name: '' }, { name: '   ' }]) {
      const res = await rest.post('/api/sections', data);
      expectValidationError(res);
      expect(errorPaths(errorOf(res))).toEqual(['name']);
    }
    expect(await sections().count()).toBe(before);
  });

  test('a section cannot lose its name', async () => {
    for (const name of ['', '  ']) {
      const res = await rest.put(`/api/sections/${String(europe.documentId)}`, { name });
      expectValidationError(res);
      expect(errorPaths(errorOf(res))).toEqual(['name']);
    }
    expect((await sections().findOne({ documentId: europe.documentId }))?.name).toBe('Europe');
  });

  test('section names are unique, on creation and on renaming', async () => {
    const before = await sections().count();

    const error = await rejectionOf(sections().create({ data: { name: 'World' } }));
    expect(error.name).toBe('ValidationError');
    expect(errorPaths(error)).toEqual(['name']);

    const created = await rest.post('/api/sections', { name: 'World' });
    expectValidationError(created);
    expect(errorPaths(errorOf(created))).toEqual(['name']);
    expect(await sections().count()).toBe(before);

    const renamed = await rest.put(`/api/sections/${String(europe.documentId)}`, { name: 'World' });
    expectValidationError(renamed);
    expect((await sections().findOne({ documentId: europe.documentId }))?.name).toBe('Europe');
    expect(await sections().count({ filters: { name: 'World' } })).toBe(1);
  });
});

describe('Article: required to publish', () => {
  test('an article without a title is not published, by any path, and nothing is published', async () => {
    const publishedBefore = publishedRows(await rowsOf(app, ARTICLE)).length;

    const error = await rejectionOf(articles().create({ data: { section: world.documentId }, status: 'published' }));
    expect(error.name).toBe('ValidationError');
    expect(errorPaths(error)).toEqual(['title']);

    for (const data of [
      { section: world.documentId },
      { title: null, section: world.documentId },
      { title: '', section: world.documentId },
      { title: '  ', section: world.documentId },
    ]) {
      const res = await rest.post('/api/articles', data);
      expectValidationError(res);
      expect(errorPaths(errorOf(res))).toEqual(['title']);
    }

    const viaPanel = await panel.post(cm(ARTICLE, '/actions/publish'), { title: '', section: { connect: [{ documentId: world.documentId }] } });
    expectValidationError(viaPanel);
    expect(errorPaths(errorOf(viaPanel))).toEqual(['title']);

    expect(publishedRows(await rowsOf(app, ARTICLE)).length).toBe(publishedBefore);
  });

  test('a draft may be saved untitled, but publishing it is refused until it has a title', async () => {
    const draft = await articles().create({ data: { title: '', byline: 'Untitled draft', section: world.documentId } });
    expect(draft.publishedAt).toBeNull();

    const direct = await rejectionOf(articles().publish({ documentId: draft.documentId }));
    expect(direct.name).toBe('ValidationError');
    expect(errorPaths(direct)).toEqual(['title']);

    const viaPanel = await panel.post(cm(ARTICLE, `/${String(draft.documentId)}/actions/publish`), {});
    expectValidationError(viaPanel);
    const viaRest = await rest.put(`/api/articles/${String(draft.documentId)}`, { byline: 'Still untitled' });
    expectValidationError(viaRest);

    const rows = await rowsOf(app, ARTICLE, { documentId: draft.documentId });
    expect(publishedRows(rows)).toHaveLength(0);
    expect(rows.map((row) => row.byline)).toEqual(['Untitled draft']);

    await articles().update({ documentId: draft.documentId, data: { title: 'Now with a title' } });
    await articles().publish({ documentId: draft.documentId });
    expect((await articles().findOne({ documentId: draft.documentId, status: 'published' }))?.title).toBe('Now with a title');
  });

  test('a title longer than 200 characters is refused', async () => {
    const res = await rest.post('/api/articles', { title: 'x'.repeat(201), section: world.documentId });
    expectValidationError(res);
    expect(errorPaths(errorOf(res))).toEqual(['title']);
    expect(await articleRows('x'.repeat(201))).toHaveLength(0);
  });

  test('Document Service: an article without a section is neither created published nor published later', async () => {
    const title = unique('No section, script');
    const error = await rejectionOf(articles().create({ data: { title }, status: 'published' }));
    expect(error.name).toBe('ValidationError');
    expect(errorPaths(error)).toEqual(['section']);
    expect(await articleRows(title)).toHaveLength(0);

    const draft = await articles().create({ data: { title } });
    const publishing = await rejectionOf(articles().publish({ documentId: draft.documentId }));
    expect(publishing.name).toBe('ValidationError');
    expect(errorPaths(publishing)).toEqual(['section']);
    expect(publishedRows(await articleRows(title))).toHaveLength(0);

    // Given a section, the same draft publishes.
    await articles().update({ documentId: draft.documentId, data: { section: world.documentId } });
    await articles().publish({ documentId: draft.documentId });
    const published = await articles().findOne({ documentId: draft.documentId, status: 'published', populate: ['section'] });
    expect((published?.section as Row | null)?.name).toBe('World');
  });

  test('REST: creating an article without a section is a 400 and stores nothing; a draft may wait for its section', async () => {
    const title = unique('No section, REST');
    for (const data of [{ title }, { title, section: null }, { title, section: { connect: [] } }]) {
      const res = await rest.post('/api/articles', data);
      expectValidationError(res, /section/);
      expect(errorPaths(errorOf(res))).toEqual(['section']);
    }
    expect(await articleRows(title)).toHaveLength(0);

    const draft = await rest.post('/api/articles?status=draft', { title });
    expect(draft.status).toBe(201);
    expect(draft.body.data.publishedAt).toBeNull();
    expect(publishedRows(await articleRows(title))).toHaveLength(0);
  });

  test('admin panel: publishing an article without a section is a 400, whether created and published at once or later', async () => {
    const title = unique('No section, panel');
    const atOnce = await panel.post(cm(ARTICLE, '/actions/publish'), { title });
    expectValidationError(atOnce, /section/);
    expect(await articleRows(title)).toHaveLength(0);

    const draft = await panel.post(cm(ARTICLE), { title });
    expect(draft.status).toBe(201);
    const documentId = draft.body.data.documentId as string;
    const later = await panel.post(cm(ARTICLE, `/${documentId}/actions/publish`), { title });
    expectValidationError(later, /section/);
    expect(errorPaths(errorOf(later))).toEqual(['section']);
    expect(publishedRows(await articleRows(title))).toHaveLength(0);

    const withSection = await panel.post(cm(ARTICLE, `/${documentId}/actions/publish`), {
      title,
      section: { connect: [{ documentId: world.documentId }] },
    });
    expect(withSection.status).toBe(200);
    expect(publishedRows(await articleRows(title))).toHaveLength(1);
  });

  test('a published article cannot lose its section (REST, Document Service, admin panel)', async () => {
    const title = unique('Keeps its section');
    const created = await rest.post('/api/articles', { title, section: world.documentId });
    expect(created.status).toBe(201);
    const documentId = created.body.data.documentId as string;

    const viaRest = await rest.put(`/api/articles/${documentId}`, { section: null });
    expectValidationError(viaRest, /section/);
    const viaScript = await rejectionOf(
      articles().update({ documentId, data: { section: { disconnect: [{ documentId: world.documentId }] } }, status: 'published' }),
    );
    expect(errorPaths(viaScript)).toEqual(['section']);
    const viaPanel = await panel.post(cm(ARTICLE, `/${documentId}/actions/publish`), { section: { disconnect: [{ documentId: world.documentId }] } });
    expectValidationError(viaPanel, /section/);

    for (const status of ['published', 'draft']) {
      const version = await articles().findOne({ documentId, status, populate: ['section'] });
      expect((version?.section as Row | null)?.name).toBe('World');
    }
  });
});

describe('Deleting', () => {
  test('DELETE with status=draft is a 400, not a 500, and both versions of the article stay', async () => {
    const title = unique('Draft delete');
    const created = await rest.post('/api/articles', { title, section: world.documentId });
    expect(created.status).toBe(201);
    await rest.put(`/api/articles/${created.body.data.documentId}?status=draft`, { title: `${title} (edited)` });
    const before = await rowsOf(app, ARTICLE, { documentId: created.body.data.documentId });
    expect(before).toHaveLength(2);

    const res = await app.http().delete(`/api/articles/${created.body.data.documentId}?status=draft`).set(bearer(token));
    expectValidationError(res, /draft cannot be deleted on its own/);
    expect(await rowsOf(app, ARTICLE, { documentId: created.body.data.documentId })).toEqual(before);

    const whole = await app.http().delete(`/api/articles/${created.body.data.documentId}`).set(bearer(token));
    expect(whole.status).toBe(204);
    expect(await rowsOf(app, ARTICLE, { documentId: created.body.data.documentId })).toHaveLength(0);
  });
});

describe('Teaser', () => {
  test('a teaser cannot be created without its article (Document Service, REST, admin panel)', async () => {
    const before = (await rowsOf(app, TEASER)).length;
    const headline = unique('Orphan teaser');

    const error = await rejectionOf(teasers().create({ data: { headline, section: world.documentId } }));
    expect(error.name).toBe('ValidationError');
    expect(errorPaths(error)).toEqual(['article']);

    for (const data of [
      { headline, section: world.documentId },
      { headline, article: null },
    ]) {
      const res = await rest.post('/api/teasers', data);
      expectValidationError(res, /article/);
      expect(errorPaths(errorOf(res))).toEqual(['article']);
    }
    const draftViaRest = await rest.post('/api/teasers?status=draft', { headline });
    expectValidationError(draftViaRest, /article/);

    const viaPanel = await panel.post(cm(TEASER), { headline });
    expectValidationError(viaPanel, /article/);

    expect((await rowsOf(app, TEASER)).length).toBe(before);
  });

  test('a teaser cannot lose its article', async () => {
    const article = await rest.post('/api/articles', { title: unique('Promoted story'), section: world.documentId });
    const teaser = await rest.post('/api/teasers', { headline: 'Read this', article: article.body.data.documentId });
    expect(teaser.status).toBe(201);
    const documentId = teaser.body.data.documentId as string;

    const res = await rest.put(`/api/teasers/${documentId}`, { article: null });
    expectValidationError(res, /article/);
    for (const status of ['published', 'draft']) {
      const version = await teasers().findOne({ documentId, status, populate: ['article'] });
      expect((version?.article as Row | null)?.documentId).toBe(article.body.data.documentId);
    }
  });
});

describe('Relations and their inverses', () => {
  test('article.section ↔ section.articles, including moving an article to another section', async () => {
    const title = unique('Filed in World');
    const created = await rest.post('/api/articles', { title, section: world.documentId });
    expect(created.status).toBe(201);
    const documentId = created.body.data.documentId as string;

    const article = await anonymous.get(`/api/articles/${documentId}?populate=section`);
    expect(article.body.data.section).toMatchObject({ documentId: world.documentId, name: 'World' });

    const sectionTitles = async (section: Row) => {
      const res = await anonymous.get(`/api/sections/${String(section.documentId)}?populate[articles][fields][0]=title`);
      expect(res.status).toBe(200);
      return (res.body.data.articles as Row[]).map((a) => a.title);
    };
    expect(await sectionTitles(world)).toContain(title);
    expect(await sectionTitles(europe)).not.toContain(title);

    const moved = await rest.put(`/api/articles/${documentId}`, { section: europe.documentId });
    expect(moved.status).toBe(200);
    expect((await anonymous.get(`/api/articles/${documentId}?populate=section`)).body.data.section.name).toBe('Europe');
    expect(await sectionTitles(europe)).toContain(title);
    expect(await sectionTitles(world)).not.toContain(title);

    // The script path sees the same link from the section side.
    const fromSection = await sections().findOne({ documentId: europe.documentId, populate: { articles: { fields: ['title'] } } });
    expect((fromSection?.articles as Row[]).map((a) => a.title)).toContain(title);
  });

  test('section.parent ↔ section.children (World > Europe > Balkans)', async () => {
    const europeRead = await anonymous.get(`/api/sections/${String(europe.documentId)}?populate=parent`);
    expect(europeRead.body.data.parent).toMatchObject({ name: 'World' });

    const balkans = await rest.post('/api/sections', { name: 'Balkans', parent: europe.documentId });
    expect(balkans.status).toBe(201);

    const tree = await anonymous.get(`/api/sections/${String(world.documentId)}?populate[children][populate][children][fields][0]=name`);
    expect(tree.status).toBe(200);
    const children = tree.body.data.children as Array<Row & { children: Row[] }>;
    expect(children.map((c) => c.name)).toEqual(['Europe']);
    expect(children[0].children.map((c) => c.name)).toEqual(['Balkans']);

    const balkansRead = await anonymous.get(`/api/sections/${balkans.body.data.documentId}?populate[parent][populate][parent][fields][0]=name`);
    expect(balkansRead.body.data.parent.name).toBe('Europe');
    expect(balkansRead.body.data.parent.parent.name).toBe('World');

    // World itself is a top-level section.
    const worldRead = await sections().findOne({ documentId: world.documentId, populate: ['parent'] });
    expect(worldRead?.parent).toBeNull();
  });

  test('teaser.article ↔ article.teasers and teaser.section ↔ section.teasers', async () => {
    const title = unique('Story with a teaser');
    const article = await rest.post('/api/articles', { title, section: world.documentId });
    const articleId = article.body.data.documentId as string;
    const headline = unique('Teaser headline');
    const teaser = await rest.post('/api/teasers', { headline, article: articleId, section: europe.documentId });
    expect(teaser.status).toBe(201);
    const teaserId = teaser.body.data.documentId as string;

    const teaserRead = await anonymous.get(`/api/teasers/${teaserId}?populate=*`);
    expect(teaserRead.body.data.article).toMatchObject({ documentId: articleId, title });
    expect(teaserRead.body.data.section).toMatchObject({ documentId: europe.documentId, name: 'Europe' });

    const articleRead = await anonymous.get(`/api/articles/${articleId}?populate=teasers`);
    expect((articleRead.body.data.teasers as Row[]).map((t) => t.headline)).toEqual([headline]);

    const europeRead = await anonymous.get(`/api/sections/${String(europe.documentId)}?populate=teasers`);
    expect((europeRead.body.data.teasers as Row[]).map((t) => t.headline)).toContain(headline);
    const worldRead = await anonymous.get(`/api/sections/${String(world.documentId)}?populate=teasers`);
    expect((worldRead.body.data.teasers as Row[]).map((t) => t.headline)).not.toContain(headline);

    // Re-filing the teaser moves it on the section side too.
    await rest.put(`/api/teasers/${teaserId}`, { section: world.documentId });
    const worldAfter = await anonymous.get(`/api/sections/${String(world.documentId)}?populate=teasers`);
    expect((worldAfter.body.data.teasers as Row[]).map((t) => t.headline)).toContain(headline);
    const europeAfter = await anonymous.get(`/api/sections/${String(europe.documentId)}?populate=teasers`);
    expect((europeAfter.body.data.teasers as Row[]).map((t) => t.headline)).not.toContain(headline);
  });

  test('relations set on a draft are carried over when the draft is published', async () => {
    const draft = await articles().create({ data: { title: unique('Draft with links'), section: europe.documentId } });
    const teaser = await teasers().create({
      data: { headline: unique('Early teaser'), article: draft.documentId, section: world.documentId },
      status: 'published',
    });
    await articles().publish({ documentId: draft.documentId });

    const published = await articles().findOne({ documentId: draft.documentId, status: 'published', populate: ['section', 'teasers'] });
    expect((published?.section as Row).name).toBe('Europe');
    expect((published?.teasers as Row[]).map((t) => t.documentId)).toEqual([teaser.documentId]);
    const teaserPublished = await teasers().findOne({ documentId: teaser.documentId, status: 'published', populate: ['article'] });
    expect((teaserPublished?.article as Row).documentId).toBe(draft.documentId);
  });
});

describe('publicationDate: the first publication', () => {
  const published = (documentId: unknown) => articles().findOne({ documentId, status: 'published' });

  test('is stamped on first publish and kept on every later publish, whichever path publishes', async () => {
    const draft = await articles().create({ data: { title: unique('Timeline story'), section: world.documentId } });
    expect(draft.publicationDate).toBeNull();

    const before = Date.now();
    await articles().publish({ documentId: draft.documentId });
    const after = Date.now();
    const first = await published(draft.documentId);
    const stamped = new Date(String(first?.publicationDate)).getTime();
    expect(stamped).toBeGreaterThanOrEqual(before - 1000);
    expect(stamped).toBeLessThanOrEqual(after + 1000);

    const republishes: Array<() => Promise<unknown>> = [
      async () => {
        await articles().update({ documentId: draft.documentId, data: { byline: 'Staff' } });
        await articles().publish({ documentId: draft.documentId });
      },
      () => articles().update({ documentId: draft.documentId, data: { byline: 'Staff and agencies' }, status: 'published' }),
      async () => expect((await rest.put(`/api/articles/${String(draft.documentId)}`, { byline: 'Our correspondent' })).status).toBe(200),
      async () => expect((await panel.post(cm(ARTICLE, `/${String(draft.documentId)}/actions/publish`), { byline: 'Desk' })).status).toBe(200),
      async () => {
        await articles().unpublish({ documentId: draft.documentId });
        expect(await published(draft.documentId)).toBeNull();
        await articles().publish({ documentId: draft.documentId });
      },
    ];
    let lastPublishedAt = String(first?.publishedAt);
    for (const republish of republishes) {
      await sleep(15);
      await republish();
      const now = await published(draft.documentId);
      expect(now?.publicationDate).toBe(first?.publicationDate);
      expect(new Date(String(now?.publishedAt)).getTime()).toBeGreaterThan(new Date(lastPublishedAt).getTime());
      lastPublishedAt = String(now?.publishedAt);
    }
    expect((await published(draft.documentId))?.byline).toBe('Desk');
  });

  test('is stamped when an article is created published over REST', async () => {
    const before = Date.now();
    const res = await rest.post('/api/articles', { title: unique('Straight to print'), section: world.documentId });
    expect(res.status).toBe(201);
    const stamped = new Date(res.body.data.publicationDate).getTime();
    expect(stamped).toBeGreaterThanOrEqual(before - 1000);
    expect(stamped).toBeLessThanOrEqual(Date.now() + 1000);
  });

  test('a date set by an editor (an archive story) is kept on publish and re-publish', async () => {
    const archived = '2016-05-17T16:05:00.000Z';
    const res = await rest.post('/api/articles', { title: unique('Archive story'), section: world.documentId, publicationDate: archived });
    expect(res.status).toBe(201);
    expect(res.body.data.publicationDate).toBe(archived);
    await rest.put(`/api/articles/${res.body.data.documentId}`, { title: 'Archive story, corrected' });
    const read = await anonymous.get(`/api/articles/${res.body.data.documentId}`);
    expect(read.body.data.title).toBe('Archive story, corrected');
    expect(read.body.data.publicationDate).toBe(archived);
  });
});

describe('lastUpdatedAt and the SEO component', () => {
  test('lastUpdatedAt is stored as given, changed and cleared', async () => {
    const res = await rest.post('/api/articles', { title: unique('Developing story'), section: world.documentId, lastUpdatedAt: '2024-03-01T10:15:00.000Z' });
    expect(res.status).toBe(201);
    const documentId = res.body.data.documentId as string;
    expect(res.body.data.lastUpdatedAt).toBe('2024-03-01T10:15:00.000Z');
    expect((await anonymous.get(`/api/articles/${documentId}`)).body.data.lastUpdatedAt).toBe('2024-03-01T10:15:00.000Z');

    await rest.put(`/api/articles/${documentId}`, { lastUpdatedAt: '2024-03-01T18:40:30.000Z' });
    expect((await anonymous.get(`/api/articles/${documentId}`)).body.data.lastUpdatedAt).toBe('2024-03-01T18:40:30.000Z');

    await rest.put(`/api/articles/${documentId}`, { lastUpdatedAt: null });
    expect((await anonymous.get(`/api/articles/${documentId}`)).body.data.lastUpdatedAt).toBeNull();

    const bad = await rest.put(`/api/articles/${documentId}`, { lastUpdatedAt: 'yesterday afternoon' });
    expect(bad.status).toBe(400);
    expect((await anonymous.get(`/api/articles/${documentId}`)).body.data.lastUpdatedAt).toBeNull();
  });

  test('the seo component round-trips through REST, the Document Service and publishing', async () => {
    const seo = { metaTitle: 'Zürich nights', metaDescription: 'How the Swiss city built a club scene to rival Berlin.' };
    const res = await rest.post('/api/articles', { title: unique('Club scene'), section: world.documentId, seo });
    expect(res.status).toBe(201);
    const documentId = res.body.data.documentId as string;

    const read = await anonymous.get(`/api/articles/${documentId}?populate=seo`);
    expect(read.body.data.seo).toMatchObject(seo);

    await rest.put(`/api/articles/${documentId}`, { seo: { metaTitle: 'Zürich after dark' } });
    const changed = await anonymous.get(`/api/articles/${documentId}?populate=seo`);
    expect(changed.body.data.seo.metaTitle).toBe('Zürich after dark');

    // A draft edit through a script reaches readers only once published.
    await articles().update({ documentId, data: { seo: { metaTitle: 'Draft meta title', metaDescription: 'Draft description' } } });
    expect((await anonymous.get(`/api/articles/${documentId}?populate=seo`)).body.data.seo.metaTitle).toBe('Zürich after dark');
    await articles().publish({ documentId });
    expect((await anonymous.get(`/api/articles/${documentId}?populate=seo`)).body.data.seo).toMatchObject({
      metaTitle: 'Draft meta title',
      metaDescription: 'Draft description',
    });
  });

  test('seo limits are enforced: metaTitle ≤ 70, metaDescription ≤ 160, and a refused update changes nothing', async () => {
    const res = await rest.post('/api/articles', { title: unique('SEO limits'), section: world.documentId, seo: { metaTitle: 'Fine' } });
    const documentId = res.body.data.documentId as string;

    const tooLongTitle = await rest.put(`/api/articles/${documentId}`, { title: 'Changed title', seo: { metaTitle: 'x'.repeat(71) } });
    expectValidationError(tooLongTitle);
    expect(errorPaths(errorOf(tooLongTitle))).toEqual(['seo.metaTitle']);
    const tooLongDescription = await rest.post('/api/articles', {
      title: unique('SEO limits 2'),
      section: world.documentId,
      seo: { metaDescription: 'x'.repeat(161) },
    });
    expectValidationError(tooLongDescription);
    expect(errorPaths(errorOf(tooLongDescription))).toEqual(['seo.metaDescription']);

    const read = await anonymous.get(`/api/articles/${documentId}?populate=seo`);
    expect(read.body.data.seo.metaTitle).toBe('Fine');
    expect(read.body.data.title).not.toBe('Changed title');
  });
});
