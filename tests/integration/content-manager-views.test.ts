/**
 * Editing comfort: the admin panel's list and edit views of articles, teasers, sections and the SEO
 * component are set from code on the first start, and a view an administrator changed later is kept.
 */
import path from 'path';
import { useApp } from '../harness/app';
import { cm, panelUser, type PanelUser } from '../harness/admin-users';
import { applyContentManagerViews, VIEW_SPECS, type ViewConfiguration, type ViewSpec } from '../../src/bootstrap/content-manager-views';
import { EXCERPT_MAX } from '../../src/newsroom/excerpt';
import { loadSeed, readSeed, type SeedArticle } from '../../src/seed/seed';
import { backfillReaderLastUpdate } from '../../src/documents/sync-reader-last-update';
import { ARTICLE, SECTION, TEASER, SEED_DIR } from '../harness/constants';

const ARTICLE_LIST = ['title', 'section', 'publicationDate', 'readerLastUpdate'];
/** Kept up to date by the product, not by journalists: listed, never in the edit form. */
const COMPUTED = new Set(VIEW_SPECS.flatMap((spec) => spec.computed ?? []));

const app = useApp();
type Configuration = ViewConfiguration & { uid: string };

async function configurationOf(uid: string): Promise<Configuration> {
  const component = uid.includes('::') === false;
  const service = app.strapi.plugin('content-manager').service<{
    findConfiguration(model: { uid: string }): Promise<Configuration>;
  }>(component ? 'components' : 'content-types');
  return service.findConfiguration({ uid });
}

/** Fields the edit view shows: every attribute a journalist can fill in. */
function editableFields(uid: string): string[] {
  const model = (uid.includes('::') ? app.strapi.contentTypes : app.strapi.components)[uid as never] as { attributes: Record<string, { type: string }> };
  const system = new Set(['createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations', 'documentId', 'id']);
  return Object.keys(model.attributes).filter((name) => !system.has(name) && !COMPUTED.has(name));
}

describe('on the first start', () => {
  test('the article list shows title, section, publication date and last update (Strapi adds status), last saved first', async () => {
    const { settings, layouts, metadatas } = await configurationOf(ARTICLE);
    expect(layouts.list).toEqual(ARTICLE_LIST);
    expect(settings).toMatchObject({ defaultSortBy: 'updatedAt', defaultSortOrder: 'DESC', mainField: 'title' });
    expect(metadatas.readerLastUpdate.list).toMatchObject({ label: 'Last update', sortable: true });
    expect(metadatas.publicationDate.list).toMatchObject({ label: 'Publication date', sortable: true });
    expect(metadatas.updatedAt.list.label).toBe('Last saved');
    expect(metadatas.section.list.label).toBe('Section');
  });

  test("the reader's last update and the latest correction's time are not in the article form and not editable", async () => {
    const { layouts, metadatas } = await configurationOf(ARTICLE);
    for (const computed of ['readerLastUpdate', 'correctedAt']) {
      expect(layouts.edit.flat().map((field) => field.name)).not.toContain(computed);
      expect(metadatas[computed].edit).toMatchObject({ visible: false, editable: false });
    }
  });

  test('the article edit view groups title, slug, section, body, then the teaser and SEO fields', async () => {
    const { layouts } = await configurationOf(ARTICLE);
    const order = layouts.edit.flat().map((field) => field.name);
    expect(order.slice(0, 4)).toEqual(['title', 'slug', 'section', 'body']);
    expect(order.indexOf('teasers')).toBeGreaterThan(order.indexOf('body'));
    expect(order.indexOf('seo')).toBeGreaterThan(order.indexOf('teasers'));
    expect(order.sort()).toEqual(editableFields(ARTICLE).sort());
    for (const row of layouts.edit) expect(row.reduce((sum, field) => sum + field.size, 0)).toBeLessThanOrEqual(12);
  });

  test.each(VIEW_SPECS.map((spec) => [spec.uid]))('every field of %s has a one-line description for journalists', async (uid) => {
    const { metadatas, layouts } = await configurationOf(uid);
    for (const field of editableFields(uid)) {
      const description = metadatas[field].edit.description as string;
      expect({ field, description }).toEqual({ field, description: expect.stringMatching(/^[^\n]{20,130}$/) });
    }
    expect(
      layouts.edit
        .flat()
        .map((f) => f.name)
        .sort(),
    ).toEqual(editableFields(uid).sort());
  });

  test('the teaser summary and the article body state the excerpt length the product cuts at', async () => {
    const teaser = await configurationOf(TEASER);
    expect(teaser.metadatas.summary.edit.description).toContain(`At most ${EXCERPT_MAX} characters`);
    const article = await configurationOf(ARTICLE);
    expect(article.metadatas.body.edit.description).toContain(`cut at ${EXCERPT_MAX} characters`);
  });

  test('the slug is filled from the title (uid field bound to it)', async () => {
    const attribute = app.strapi.contentTypes[ARTICLE as never] as { attributes: { slug: { type: string; targetField: string } } };
    expect(attribute.attributes.slug).toMatchObject({ type: 'uid', targetField: 'title' });
    const { metadatas } = await configurationOf(ARTICLE);
    expect(metadatas.slug.edit.placeholder).toMatch(/title/i);
  });

  test('the admin panel serves that layout', async () => {
    const admin = await panelUser(app, 'strapi-super-admin', 'admin');
    const res = await admin.get(`/content-manager/content-types/${ARTICLE}/configuration`);
    expect(res.status).toBe(200);
    expect(res.body.data.contentType.layouts.list).toEqual(ARTICLE_LIST);
    expect(res.body.data.contentType.metadatas.scheduledAt.edit.label).toMatch(/Scheduled/);
  });
});

describe('the article list shows what readers see: the last update and the publication date, both sortable', () => {
  type ListRow = { documentId: string; title: string; status: string; readerLastUpdate: string | null; publicationDate: string | null };
  let admin: PanelUser;
  let seeded: SeedArticle[];
  let reference: SeedArticle;
  let referenceId: string;
  let draftOnlyId: string;

  /** The article list as the admin panel asks for it (drafts included, one page). */
  async function list(sort: string): Promise<ListRow[]> {
    const res = await admin.get(cm(ARTICLE, `?page=1&pageSize=100&sort=${encodeURIComponent(sort)}`));
    expect(res.status).toBe(200);
    return res.body.results as ListRow[];
  }
  const rowOf = (rows: ListRow[], documentId: string) => rows.find((row) => row.documentId === documentId);
  const shownLastUpdate = (article: SeedArticle) => article.lastUpdatedAt ?? article.firstPublishedAt;

  beforeAll(async () => {
    const seed = readSeed(SEED_DIR);
    await loadSeed(app.strapi, seed);
    seeded = seed.articles;
    reference = seeded[0];
    admin = await panelUser(app, 'strapi-super-admin', 'list');
    const found = await app.strapi.documents(ARTICLE).findFirst({ filters: { slug: reference.slug }, fields: ['documentId'] });
    referenceId = found!.documentId;
    draftOnlyId = (await app.strapi.documents(ARTICLE).create({ data: { title: 'A draft nobody has read yet' } })).documentId;
  });

  test("the seeded reference article shows readers' 17 May 2016, 19:42 UTC, not the day it was loaded", async () => {
    const row = rowOf(await list('readerLastUpdate:DESC'), referenceId);
    expect(row).toMatchObject({ readerLastUpdate: '2016-05-17T19:42:00.000Z', publicationDate: '2016-05-17T16:05:00.000Z' });
  });

  test('sorted by last update or by publication date, in either direction; a never-published draft shows neither', async () => {
    const expectedLastUpdates = seeded.map(shownLastUpdate).sort();
    const expectedPublications = seeded.map((article) => article.firstPublishedAt).sort();
    const dated = (rows: ListRow[], field: 'readerLastUpdate' | 'publicationDate') => rows.map((row) => row[field]).filter((value) => value !== null);

    expect(dated(await list('readerLastUpdate:ASC'), 'readerLastUpdate')).toEqual(expectedLastUpdates);
    expect(dated(await list('readerLastUpdate:DESC'), 'readerLastUpdate')).toEqual([...expectedLastUpdates].reverse());
    expect(dated(await list('publicationDate:ASC'), 'publicationDate')).toEqual(expectedPublications);
    expect(dated(await list('publicationDate:DESC'), 'publicationDate')).toEqual([...expectedPublications].reverse());

    expect(rowOf(await list('readerLastUpdate:ASC'), draftOnlyId)).toMatchObject({ readerLastUpdate: null, publicationDate: null });
  });

  test('unpublished edits change nothing in the list until they are published; unpublishing clears it', async () => {
    // A draft edit that overrides the last update, with a value for the computed column a client must not be able to set.
    const saved = await admin.put(cm(ARTICLE, `/${referenceId}`), { lastUpdatedAt: '2016-05-18T08:00:00.000Z', readerLastUpdate: '1999-01-01T00:00:00.000Z' });
    expect(saved.status).toBe(200);
    expect(rowOf(await list('readerLastUpdate:DESC'), referenceId)).toMatchObject({ status: 'modified', readerLastUpdate: '2016-05-17T19:42:00.000Z' });

    expect((await admin.post(cm(ARTICLE, `/${referenceId}/actions/publish`), {})).status).toBe(200);
    expect(rowOf(await list('readerLastUpdate:DESC'), referenceId)).toMatchObject({ status: 'published', readerLastUpdate: '2016-05-18T08:00:00.000Z' });
    // The English version: the seed gives the reference article a German one too (same documentId).
    const published = await app.strapi.db.query(ARTICLE).findOne({ where: { documentId: referenceId, locale: 'en', publishedAt: { $notNull: true } } });
    expect(new Date(published!.readerLastUpdate as string).toISOString()).toBe('2016-05-18T08:00:00.000Z');

    expect((await admin.post(cm(ARTICLE, `/${referenceId}/actions/unpublish`), {})).status).toBe(200);
    expect(rowOf(await list('readerLastUpdate:DESC'), referenceId)).toMatchObject({ status: 'draft', readerLastUpdate: null });

    expect((await admin.post(cm(ARTICLE, `/${referenceId}/actions/publish`), {})).status).toBe(200);
    expect(rowOf(await list('readerLastUpdate:DESC'), referenceId)).toMatchObject({ status: 'published', readerLastUpdate: '2016-05-18T08:00:00.000Z' });
  });

  test('readers never get the column', async () => {
    const res = await app.http().get('/api/articles');
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    for (const article of res.body.data) expect(article).not.toHaveProperty('readerLastUpdate');
  });

  test('a database from before the column is filled in once at start-up, and a second run changes nothing', async () => {
    // What the Document Service rule wrote is what the start-up fill would write: a restart rewrites nothing.
    expect(await backfillReaderLastUpdate(app.strapi)).toBe(0);
    await app.strapi.db.query(ARTICLE).updateMany({ where: {}, data: { readerLastUpdate: null } });
    const rows = await app.strapi.db.query(ARTICLE).count({ where: { documentId: { $ne: draftOnlyId } } });
    expect(await backfillReaderLastUpdate(app.strapi)).toBe(rows);
    expect(await backfillReaderLastUpdate(app.strapi)).toBe(0);
    const listed = await list('readerLastUpdate:ASC');
    expect(rowOf(listed, referenceId)).toMatchObject({ readerLastUpdate: '2016-05-18T08:00:00.000Z' });
    expect(rowOf(listed, draftOnlyId)).toMatchObject({ readerLastUpdate: null });
    expect(listed.map((row) => row.readerLastUpdate).filter((value) => value !== null)).toHaveLength(seeded.length);
  });
});

describe('later starts', () => {
  test('change nothing when nothing changed', async () => {
    const before = await configurationOf(ARTICLE);
    const outcomes = await applyContentManagerViews(app.strapi);
    expect(Object.values(outcomes)).toEqual(VIEW_SPECS.map(() => 'up-to-date'));
    expect(await configurationOf(ARTICLE)).toEqual(before);
  });

  test("keep an administrator's change, even when the code's view changes", async () => {
    const admin = await panelUser(app, 'strapi-super-admin', 'admin');
    const current = await configurationOf(ARTICLE);
    const changed = {
      settings: { ...current.settings, defaultSortBy: 'title', defaultSortOrder: 'ASC' },
      metadatas: current.metadatas,
      layouts: { ...current.layouts, list: ['title', 'byline'] },
    };
    const res = await admin.put(`/content-manager/content-types/${ARTICLE}/configuration`, changed);
    expect(res.status).toBe(200);

    const newerSpecs: ViewSpec[] = VIEW_SPECS.map((spec) => (spec.uid === ARTICLE ? { ...spec, list: ['title', 'section', 'byline', 'updatedAt'] } : spec));
    const outcomes = await applyContentManagerViews(app.strapi, newerSpecs);
    expect(outcomes[ARTICLE]).toBe('customised');
    const after = await configurationOf(ARTICLE);
    expect(after.layouts.list).toEqual(['title', 'byline']);
    expect(after.settings).toMatchObject({ defaultSortBy: 'title', defaultSortOrder: 'ASC' });
  });

  test("bring an untouched view up to date when the code's view changes", async () => {
    const uid = SECTION;
    const newerSpecs: ViewSpec[] = VIEW_SPECS.map((spec) => (spec.uid === uid ? { ...spec, list: ['name', 'parent'] } : spec));
    const outcomes = await applyContentManagerViews(app.strapi, newerSpecs);
    expect(outcomes[uid]).toBe('applied');
    expect((await configurationOf(uid)).layouts.list).toEqual(['name', 'parent']);
  });
});

describe('a database from before this code (no record of an applied view)', () => {
  const internal = () =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file path resolved at run time inside the content manager, not an importable module
    require(path.join(path.dirname(require.resolve('@strapi/content-manager/package.json')), 'dist/server/services/utils/configuration/index.js')) as {
      createDefaultConfiguration(model: unknown): Promise<ViewConfiguration>;
    };
  const service = () =>
    app.strapi.plugin('content-manager').service<{
      findContentType(uid: string): { uid: string };
      updateConfiguration(model: { uid: string }, configuration: ViewConfiguration): Promise<unknown>;
    }>('content-types');
  const store = () => app.strapi.store({ type: 'plugin', name: 'newsroom' });

  async function forgetAppliedViews() {
    await store().set({ key: 'content-manager-views', value: {} });
  }

  /** Strapi's generated view, with a field that was added later moved to the end of the form, as Strapi's start-up sync leaves it. */
  async function strapiViewWithLateField(uid: string, lateField: string) {
    const model = service().findContentType(uid);
    const generated = await internal().createDefaultConfiguration(model);
    const rows = generated.layouts.edit.map((row) => row.filter((item) => item.name !== lateField)).filter((row) => row.length > 0);
    rows.push([{ name: lateField, size: 6 }]);
    return { model, view: { ...generated, layouts: { ...generated.layouts, edit: rows } } };
  }

  test("gets the newsroom view when it still holds Strapi's generated view", async () => {
    const { model, view } = await strapiViewWithLateField(ARTICLE, 'scheduledAt');
    await service().updateConfiguration(model, view);
    await forgetAppliedViews();
    const outcomes = await applyContentManagerViews(app.strapi);
    expect(outcomes[ARTICLE]).toBe('applied');
    expect((await configurationOf(ARTICLE)).layouts.list).toEqual(ARTICLE_LIST);
  });

  test('keeps a view an administrator had changed', async () => {
    const { model, view } = await strapiViewWithLateField(ARTICLE, 'scheduledAt');
    await service().updateConfiguration(model, { ...view, layouts: { ...view.layouts, list: ['title', 'byline'] } });
    await forgetAppliedViews();
    const outcomes = await applyContentManagerViews(app.strapi);
    expect(outcomes[ARTICLE]).toBe('customised');
    expect((await configurationOf(ARTICLE)).layouts.list).toEqual(['title', 'byline']);
  });
});
