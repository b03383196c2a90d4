/**
 * Editing comfort: the admin panel's list and edit views of articles, teasers, sections and the SEO
 * component are set from code on the first start, and a view an administrator changed later is kept.
 */
import path from 'path';
import { startApp, type TestApp } from '../harness/strapi';
import { applyContentManagerViews, VIEW_SPECS, type ViewConfiguration, type ViewSpec } from '../../src/bootstrap/content-manager-views';
import { panelUser } from './support/admin-users';

const ARTICLE = 'api::article.article';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

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
  return Object.keys(model.attributes).filter((name) => !system.has(name));
}

describe('on the first start', () => {
  test('the article list shows title, section and last update (Strapi adds status), newest first', async () => {
    const { settings, layouts, metadatas } = await configurationOf(ARTICLE);
    expect(layouts.list).toEqual(['title', 'section', 'updatedAt']);
    expect(settings).toMatchObject({ defaultSortBy: 'updatedAt', defaultSortOrder: 'DESC', mainField: 'title' });
    expect(metadatas.updatedAt.list.label).toBe('Last update');
    expect(metadatas.section.list.label).toBe('Section');
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

  test('the teaser summary explains the 120-character rule', async () => {
    const { metadatas } = await configurationOf('api::teaser.teaser');
    expect(metadatas.summary.edit.description).toMatch(/120 characters/);
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
    expect(res.body.data.contentType.layouts.list).toEqual(['title', 'section', 'updatedAt']);
    expect(res.body.data.contentType.metadatas.scheduledAt.edit.label).toMatch(/Scheduled/);
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
    const uid = 'api::section.section';
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
    expect((await configurationOf(ARTICLE)).layouts.list).toEqual(['title', 'section', 'updatedAt']);
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
