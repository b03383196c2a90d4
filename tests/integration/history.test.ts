/**
 * Revision history (src/history/): a version for every write path and every action, written in the change's
 * transaction (no version without its change, no change without its version); the admin API — versions of a
 * document, one version, comparison, restore into the draft, the audit trail — and who may use it; retention.
 * Corrections on the reader side: corrections.test.ts. Backups carry the history: backup-restore.test.ts.
 */
import { useApp } from '../harness/app';
import { cm, panelUser, type PanelUser } from '../harness/admin-users';
import { apiToken, bearer, errorOf } from '../harness/clients';
import { paragraphs, type SectionDoc } from '../harness/content';
import { ARTICLE, REFERENCE_SLUG, SECTION, SEED_DIR, TEASER } from '../harness/constants';
import { publishDue } from '../../src/scheduling/publish-due';
import { loadSeed, readSeed } from '../../src/seed/seed';
import { addLocale } from '../../src/locales';
import { pruneHistory } from '../../src/history/service';
import { VERSION } from '../../src/history/versions';

const app = useApp();

interface Summary {
  id: number;
  uid: string;
  documentId: string;
  locale: string | null;
  action: string;
  author: { kind: string; id: number | null; name: string };
  createdAt: string;
  published: boolean;
  title: string | null;
}
interface Detail extends Summary {
  content: Record<string, unknown>;
}

let section: SectionDoc;
let otherSection: SectionDoc;
let editor: PanelUser;
let reporter: PanelUser;
let admin: PanelUser;
beforeAll(async () => {
  section = await app.kit.section('History desk');
  otherSection = await app.kit.section('History annex');
  editor = await panelUser(app, 'strapi-editor', 'history-editor');
  reporter = await panelUser(app, 'newsroom-reporter', 'history-reporter');
  admin = await panelUser(app, 'strapi-super-admin', 'history-admin');
});

const ok = async <T = { data: { documentId: string } }>(res: { status: number; body: unknown }, status = 200): Promise<T> => {
  expect({ status: res.status, body: res.status === status ? null : res.body }).toEqual({ status, body: null });
  return res.body as T;
};

const q = encodeURIComponent;

/** Every version of a document, oldest first. */
async function versions(documentId: string, uid: string = ARTICLE, user: PanelUser = editor): Promise<Summary[]> {
  const body = await ok<{ data: Summary[]; meta: { pagination: { total: number } } }>(
    await user.get(`/newsroom-history/versions?uid=${q(uid)}&documentId=${documentId}&pageSize=200`),
  );
  expect(body.meta.pagination.total).toBe(body.data.length);
  return [...body.data].reverse();
}
const actionsOf = async (documentId: string, uid: string = ARTICLE) => (await versions(documentId, uid)).map((version) => version.action);
const version = async (id: number, user: PanelUser = editor) => (await ok<{ data: Detail }>(await user.get(`/newsroom-history/versions/${id}`))).data;
const bodyText = (content: Record<string, unknown>) =>
  (content.body as Array<{ children: Array<{ text: string }> }>).map((block) => block.children.map((child) => child.text).join('')).join('\n');

async function draftOf(documentId: string) {
  return app.strapi.documents(ARTICLE).findOne({ documentId, status: 'draft', populate: ['section'] }) as Promise<
    Record<string, unknown> & { section?: { documentId: string } }
  >;
}
async function publishedOf(documentId: string) {
  return app.strapi.documents(ARTICLE).findOne({ documentId, status: 'published', populate: ['section'] }) as Promise<
    (Record<string, unknown> & { section?: { documentId: string } }) | null
  >;
}

describe('a version for every action of the admin panel', () => {
  test('create, save, an unchanged save, publish, draft save, discard, unpublish, schedule, publish, delete: newest first, by the editor', async () => {
    const { data } = await ok(
      await editor.post(cm(ARTICLE), { title: 'Every action', body: paragraphs('Version one.'), section: { connect: [{ documentId: section.documentId }] } }),
      201,
    );
    const id = data.documentId;
    await ok(await editor.put(cm(ARTICLE, `/${id}`), { body: paragraphs('Version two.') }));
    // The admin's Save on an untouched form changes nothing: no version.
    await ok(await editor.put(cm(ARTICLE, `/${id}`), { body: paragraphs('Version two.') }));
    await ok(await editor.post(cm(ARTICLE, `/${id}/actions/publish`), {}));
    await ok(await editor.put(cm(ARTICLE, `/${id}`), { body: paragraphs('A draft thrown away.') }));
    await ok(await editor.post(cm(ARTICLE, `/${id}/actions/discard`), {}));
    await ok(await editor.post(cm(ARTICLE, `/${id}/actions/unpublish`), {}));
    await ok(await editor.put(cm(ARTICLE, `/${id}`), { scheduledAt: new Date(Date.now() + 86_400_000).toISOString() }));
    await ok(await editor.post(cm(ARTICLE, `/${id}/actions/publish`), {}));

    const list = await ok<{ data: Summary[] }>(await editor.get(`/newsroom-history/versions?uid=${q(ARTICLE)}&documentId=${id}`));
    // Newest first, by id and by time.
    expect(list.data.map((entry) => entry.id)).toEqual([...list.data.map((entry) => entry.id)].sort((a, b) => b - a));
    expect(list.data.map((entry) => entry.createdAt)).toEqual([...list.data.map((entry) => entry.createdAt)].sort().reverse());

    await ok(await editor.del(cm(ARTICLE, `/${id}`)));
    const all = await versions(id);
    expect(all.map((entry) => [entry.action, entry.published])).toEqual([
      ['create', false],
      ['update', false],
      ['publish', true],
      ['update', true],
      ['discard', true],
      ['unpublish', false],
      ['schedule', false],
      ['publish', true],
      ['delete', true],
    ]);
    expect(new Set(all.map((entry) => JSON.stringify(entry.author)))).toEqual(
      new Set([JSON.stringify({ kind: 'admin', id: editor.id, name: 'history-editor Test' })]),
    );
    expect(all.every((entry) => entry.title === 'Every action' && entry.uid === ARTICLE && entry.documentId === id)).toBe(true);

    // Each version holds the content after its change; the deletion, the content it deleted.
    const texts = await Promise.all(all.map(async (entry) => bodyText((await version(entry.id)).content)));
    expect(texts).toEqual([
      'Version one.',
      'Version two.',
      'Version two.',
      'A draft thrown away.',
      'Version two.',
      'Version two.',
      'Version two.',
      'Version two.',
      'Version two.',
    ]);
    const detail = await version(all[0].id);
    expect(detail.content).toMatchObject({ title: 'Every action', section: section.documentId, byline: null, cover: null });
    expect(Object.keys(detail.content)).not.toEqual(expect.arrayContaining(['id', 'documentId', 'publishedAt', 'readerLastUpdate', 'correctedAt']));
  });

  test('created published: a create and a publish; bulk publish, bulk unpublish and bulk delete: one version per document', async () => {
    const { data } = await ok(
      await editor.post(cm(ARTICLE, '/actions/publish'), { title: 'Born published', section: { connect: [{ documentId: section.documentId }] } }),
    );
    expect(await actionsOf(data.documentId)).toEqual(['create', 'publish']);

    const ids: string[] = [];
    for (const title of ['Bulk one', 'Bulk two'])
      ids.push((await ok(await editor.post(cm(ARTICLE), { title, section: { connect: [{ documentId: section.documentId }] } }), 201)).data.documentId);
    await ok(await editor.post(cm(ARTICLE, '/actions/bulkPublish'), { documentIds: ids }));
    await ok(await editor.post(cm(ARTICLE, '/actions/bulkUnpublish'), { documentIds: ids }));
    await ok(await editor.post(cm(ARTICLE, '/actions/bulkDelete'), { documentIds: ids }));
    for (const id of ids) expect(await actionsOf(id)).toEqual(['create', 'publish', 'unpublish', 'delete']);
  });

  test('sections and teasers: their own versions, relations by documentId', async () => {
    const created = await ok(await editor.post(cm(SECTION), { name: 'Versioned desk', parent: { connect: [{ documentId: section.documentId }] } }), 201);
    const sectionId = created.data.documentId;
    await ok(await editor.put(cm(SECTION, `/${sectionId}`), { description: 'Now described' }));
    const article = await app.kit.article({ section, title: 'Teased story' });
    const teaser = await ok(
      await editor.post(cm(TEASER, '/actions/publish'), {
        headline: 'Read this',
        article: { connect: [{ documentId: article.documentId }] },
        section: { connect: [{ documentId: sectionId }] },
      }),
    );
    await ok(await editor.del(cm(SECTION, `/${sectionId}`)));

    const sectionVersions = await versions(sectionId, SECTION);
    expect(sectionVersions.map((entry) => entry.action)).toEqual(['create', 'update', 'delete']);
    expect((await version(sectionVersions[1].id)).content).toMatchObject({ name: 'Versioned desk', description: 'Now described', parent: section.documentId });
    const teaserVersions = await versions(teaser.data.documentId, TEASER);
    // Deleting the section unlinked the teaser: a change of the teaser too, recorded as its own version.
    expect(teaserVersions.map((entry) => [entry.action, entry.title])).toEqual([
      ['create', 'Read this'],
      ['publish', 'Read this'],
      ['update', 'Read this'],
    ]);
    expect((await version(teaserVersions[0].id)).content).toMatchObject({ headline: 'Read this', article: article.documentId, section: sectionId });
    expect((await version(teaserVersions[2].id)).content).toMatchObject({ headline: 'Read this', article: article.documentId, section: null });
  });

  test('a change through the other side of a relation (a section’s articles) is a version of the article', async () => {
    const article = await app.kit.article({ section, title: 'Moved from the other side' });
    const before = await actionsOf(article.documentId);
    await ok(await editor.put(cm(SECTION, `/${otherSection.documentId}`), { articles: { connect: [{ documentId: article.documentId }] } }));
    const all = await versions(article.documentId);
    expect(all.map((entry) => entry.action)).toEqual([...before, 'update']);
    expect((await version(all.at(-1)!.id)).content).toMatchObject({ section: otherSection.documentId });
    expect(all.at(-1)!.author).toMatchObject({ kind: 'admin', id: editor.id });
  });

  test('schedules: created scheduled, rescheduled, unscheduled, and a publication that ends one', async () => {
    const due = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const { data } = await ok(
      await editor.post(cm(ARTICLE), { title: 'Scheduled from the start', scheduledAt: due(2), section: { connect: [{ documentId: section.documentId }] } }),
      201,
    );
    const id = data.documentId;
    await ok(await editor.put(cm(ARTICLE, `/${id}`), { scheduledAt: due(3) }));
    await ok(await editor.put(cm(ARTICLE, `/${id}`), { scheduledAt: null }));
    await ok(await editor.put(cm(ARTICLE, `/${id}`), { scheduledAt: due(4) }));
    await ok(await editor.post(cm(ARTICLE, `/${id}/actions/publish`), {}));
    expect(await actionsOf(id)).toEqual(['create', 'schedule', 'schedule', 'unschedule', 'schedule', 'publish']);
    const audit = await ok<{ data: Summary[] }>(await editor.get(`/newsroom-history/audit?documentId=${id}`));
    expect(audit.data.map((entry) => entry.action)).toEqual(['publish', 'schedule', 'unschedule', 'schedule', 'schedule']);
  });

  test('a clone is a creation of the new document; the source gets nothing', async () => {
    const source = await app.kit.article({ section, title: 'Cloned story', status: 'draft' });
    const before = await actionsOf(source.documentId);
    const clone = (await app.strapi.db.transaction(() =>
      app.strapi
        .documents(ARTICLE)
        .clone({ documentId: source.documentId, data: { title: 'Cloned story, copy', slug: `cloned-story-copy-${Date.now()}` } as never }),
    )) as { documentId: string };
    expect(clone.documentId).not.toBe(source.documentId);
    expect(await actionsOf(source.documentId)).toEqual(before);
    expect(await actionsOf(clone.documentId)).toEqual(['create']);
  });

  test('a bulk unpublish that names a document readers never saw records nothing for it', async () => {
    const draft = await app.kit.article({ section, title: 'Never published', status: 'draft' });
    const live = await app.kit.article({ section, title: 'Published once' });
    await ok(await editor.post(cm(ARTICLE, '/actions/bulkUnpublish'), { documentIds: [draft.documentId, live.documentId] }));
    expect(await actionsOf(draft.documentId)).toEqual(['create']);
    expect(await actionsOf(live.documentId)).toEqual(['create', 'publish', 'unpublish']);
  });
});

describe('every write path records its author', () => {
  test('REST and GraphQL with an API token: the token by name', async () => {
    const name = `history-token-${Date.now()}`;
    const auth = bearer(await apiToken(app, 'full-access', name));
    const created = await app
      .http()
      .post('/api/articles')
      .set(auth)
      .send({ data: { title: 'Token story', body: paragraphs('By token.'), section: section.documentId } });
    expect(created.status).toBe(201);
    const id = created.body.data.documentId as string;
    const res = await app
      .http()
      .post('/graphql')
      .set(auth)
      .send({
        query: 'mutation ($id: ID!, $data: ArticleInput!) { updateArticle(documentId: $id, status: DRAFT, data: $data) { documentId } }',
        variables: { id, data: { title: 'Token story, edited' } },
      });
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 200, errors: undefined });
    const all = await versions(id);
    expect(all.map((entry) => [entry.action, entry.author.kind, entry.author.name])).toEqual([
      ['create', 'api-token', name],
      ['publish', 'api-token', name],
      ['update', 'api-token', name],
    ]);
    expect(all[2].title).toBe('Token story, edited');
  });

  test('the scheduler publishes a due draft: a publish by the scheduler after the editor’s schedule', async () => {
    const article = await app.kit.article({ section, title: 'Scheduled story', status: 'draft' });
    const due = new Date(Date.now() + 60_000);
    await ok(await editor.put(cm(ARTICLE, `/${article.documentId}`), { scheduledAt: due.toISOString() }));
    const result = await publishDue(app.strapi, new Date(due.getTime() + 1000));
    expect(result.published).toContain(article.documentId);
    const all = await versions(article.documentId);
    expect(all.map((entry) => [entry.action, entry.author.kind, entry.author.name])).toEqual([
      ['create', 'system', 'System'],
      ['schedule', 'admin', 'history-editor Test'],
      ['publish', 'scheduler', 'Scheduler'],
    ]);
    expect(all[2].published).toBe(true);
  });

  test('the seed: its sections and articles, by the seed', async () => {
    const seed = readSeed(SEED_DIR);
    const translations = seed.translations.map((t) => ({ ...t, articles: t.articles.filter((article) => article.translationOf === REFERENCE_SLUG) }));
    await loadSeed(app.strapi, { ...seed, articles: seed.articles.filter((article) => article.slug === REFERENCE_SLUG), teasers: [], translations });
    const reference = (await app.strapi.documents(ARTICLE).findFirst({ filters: { slug: REFERENCE_SLUG }, status: 'published' }))!;
    const all = await versions(reference.documentId);
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all.map((entry) => `${entry.author.kind}:${entry.author.name}`))).toEqual(new Set(['system:Seed']));
    expect(all.at(-1)!.published).toBe(true);
  });
});

describe('a change and its version are one transaction', () => {
  test('a transaction that fails after a published update keeps neither the change nor its version', async () => {
    const article = await app.kit.article({ section, title: 'Rolled back' });
    const before = await actionsOf(article.documentId);
    await expect(
      app.strapi.db.transaction(async () => {
        await app.strapi.documents(ARTICLE).update({ documentId: article.documentId, data: { title: 'Never happened' } as never, status: 'published' });
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    expect(await actionsOf(article.documentId)).toEqual(before);
    expect((await publishedOf(article.documentId))!.title).toBe('Rolled back');
  });

  test('a version that cannot be written stops its change: the article stays as it was', async () => {
    const article = await app.kit.article({ section, title: 'Guarded by its history' });
    const knex = app.strapi.db.connection;
    await knex.schema.renameTable('newsroom_history_versions', 'newsroom_history_versions_away');
    try {
      // A creation too: refused, and nothing of it stored.
      const created = await editor.post(cm(ARTICLE), { title: 'Created without history', section: { connect: [{ documentId: section.documentId }] } });
      expect(created.status).toBeGreaterThanOrEqual(400);
      const posted = await app
        .http()
        .post('/api/articles')
        .set(bearer(await apiToken(app, 'full-access')))
        .send({ data: { title: 'Created without history', section: section.documentId } });
      expect(posted.status).toBeGreaterThanOrEqual(400);
      const res = await editor.put(cm(ARTICLE, `/${article.documentId}`), { title: 'Changed without history' });
      expect(res.status).toBeGreaterThanOrEqual(400);
      const published = await editor.post(cm(ARTICLE, `/${article.documentId}/actions/unpublish`), {});
      expect(published.status).toBeGreaterThanOrEqual(400);
    } finally {
      await knex.schema.renameTable('newsroom_history_versions_away', 'newsroom_history_versions');
    }
    expect(await app.strapi.db.query(ARTICLE).count({ where: { title: 'Created without history' } })).toBe(0);
    expect((await draftOf(article.documentId)).title).toBe('Guarded by its history');
    expect((await publishedOf(article.documentId))?.title).toBe('Guarded by its history');
  });

  test('a publish refused by validation records nothing', async () => {
    const { data } = await ok(
      await editor.post(cm(ARTICLE, '/actions/publish'), { title: 'Valid first', section: { connect: [{ documentId: section.documentId }] } }),
    );
    const before = await actionsOf(data.documentId);
    const res = await editor.post(cm(ARTICLE, `/${data.documentId}/actions/publish`), { title: '  ' });
    expect(res.status).toBe(400);
    expect(await actionsOf(data.documentId)).toEqual(before);
  });
});

describe('compare and restore', () => {
  let id: string;
  let first: Summary;
  let second: Summary;
  beforeAll(async () => {
    const { data } = await ok(
      await editor.post(cm(ARTICLE, '/actions/publish'), {
        title: 'Two versions',
        body: paragraphs('The minister spoke on Monday.', 'The talks went on.'),
        section: { connect: [{ documentId: section.documentId }] },
      }),
    );
    id = data.documentId;
    await ok(
      await editor.post(cm(ARTICLE, `/${id}/actions/publish`), {
        title: 'Two versions, corrected',
        body: paragraphs('The minister spoke on Tuesday.', 'The talks went on.'),
        section: { set: [{ documentId: otherSection.documentId }] },
      }),
    );
    const publishes = (await versions(id)).filter((entry) => entry.action === 'publish');
    [first, second] = [publishes[0], publishes.at(-1)!];
  });

  test('field by field: changed fields with their words marked, unchanged ones as they are', async () => {
    const { data } = await ok<{
      data: {
        left: Summary;
        right: Summary;
        fields: Array<{ field: string; changed: boolean; left: string; right: string; parts: Array<{ value: string; added?: boolean; removed?: boolean }> }>;
      };
    }>(await editor.get(`/newsroom-history/compare?left=${first.id}&right=${second.id}`));
    expect([data.left.id, data.right.id]).toEqual([first.id, second.id]);
    const field = (name: string) => data.fields.find((entry) => entry.field === name)!;
    expect(data.fields.filter((entry) => entry.changed).map((entry) => entry.field)).toEqual(['title', 'body', 'section']);
    expect(field('body')).toMatchObject({
      left: 'The minister spoke on Monday.\nThe talks went on.',
      right: 'The minister spoke on Tuesday.\nThe talks went on.',
    });
    expect(
      field('body')
        .parts.filter((part) => part.removed)
        .map((part) => part.value.trim()),
    ).toEqual(['Monday']);
    expect(
      field('body')
        .parts.filter((part) => part.added)
        .map((part) => part.value.trim()),
    ).toEqual(['Tuesday']);
    expect(
      field('body')
        .parts.map((part) => part.value)
        .join(''),
    ).toContain('The talks went on.');
    expect(field('section')).toMatchObject({ left: section.documentId, right: otherSection.documentId });
    expect(field('byline')).toEqual({ field: 'byline', changed: false, left: '', right: '', parts: [] });
  });

  test('restore as draft: the draft takes the version, readers keep the published one until an editor publishes', async () => {
    const restored = await ok<{ data: { documentId: string; restoredFrom: number; version: number } }>(
      await reporter.post(`/newsroom-history/versions/${first.id}/restore`),
    );
    expect(restored.data).toMatchObject({ documentId: id, restoredFrom: first.id });
    const draft = await draftOf(id);
    expect({ title: draft.title, section: draft.section?.documentId }).toEqual({ title: 'Two versions', section: section.documentId });
    expect(bodyText(draft as never)).toBe('The minister spoke on Monday.\nThe talks went on.');
    const published = (await publishedOf(id))!;
    expect({ title: published.title, section: published.section?.documentId }).toEqual({ title: 'Two versions, corrected', section: otherSection.documentId });
    const reader = await app.http().get(`/api/articles/${id}`);
    expect(reader.body.data.title).toBe('Two versions, corrected');

    const latest = (await versions(id)).at(-1)!;
    expect(latest).toMatchObject({ id: restored.data.version, action: 'restore', published: true, author: { kind: 'admin', id: reporter.id } });
    // The reporter cannot publish it; the editor can.
    expect((await reporter.post(cm(ARTICLE, `/${id}/actions/publish`), {})).status).toBe(403);
    await ok(await editor.post(cm(ARTICLE, `/${id}/actions/publish`), {}));
    expect((await app.http().get(`/api/articles/${id}`)).body.data.title).toBe('Two versions');
  });

  test('a version of a deleted document cannot be restored; unknown versions are 404', async () => {
    const article = await app.kit.article({ section, title: 'Gone soon' });
    const [created] = await versions(article.documentId);
    await app.strapi.documents(ARTICLE).delete({ documentId: article.documentId });
    const res = await editor.post(`/newsroom-history/versions/${created.id}/restore`);
    expect(res.status).toBe(400);
    expect(errorOf(res).message).toMatch(/deleted/);
    for (const path of [
      '/newsroom-history/versions/999999999',
      '/newsroom-history/versions/2147483648',
      '/newsroom-history/versions/999999999999999',
      '/newsroom-history/versions/abc',
      '/newsroom-history/versions/0',
    ]) {
      expect((await editor.get(path)).status).toBe(404);
    }
    expect((await editor.post('/newsroom-history/versions/999999999/restore')).status).toBe(404);
  });

  test('two versions of different documents are not compared', async () => {
    const other = await app.kit.article({ section, title: 'Another' });
    const [otherVersion] = await versions(other.documentId);
    const res = await editor.get(`/newsroom-history/compare?left=${first.id}&right=${otherVersion.id}`);
    expect(res.status).toBe(400);
    expect(errorOf(res).details).toMatchObject({ param: 'right' });
  });
});

describe('the audit trail', () => {
  let auditor: PanelUser;
  let started: string;
  let published: string;
  beforeAll(async () => {
    auditor = await panelUser(app, 'strapi-editor', 'audit-editor');
    started = new Date(Date.now() - 1000).toISOString();
    const { data } = await ok(
      await auditor.post(cm(ARTICLE, '/actions/publish'), { title: 'Audited', section: { connect: [{ documentId: section.documentId }] } }),
    );
    published = data.documentId;
    await ok(await auditor.post(cm(ARTICLE, `/${published}/actions/unpublish`), {}));
    await ok(await auditor.put(cm(ARTICLE, `/${published}`), { title: 'Audited, edited' }));
    await ok(await auditor.del(cm(ARTICLE, `/${published}`)));
  });
  const audit = async (query: string, user: PanelUser = editor) =>
    (await ok<{ data: Summary[]; meta: { pagination: { total: number } } }>(await user.get(`/newsroom-history/audit?${query}`))).data;

  test('by person: who published, unpublished and deleted what (edits are not audit events unless asked for)', async () => {
    const rows = await audit(`author=${auditor.id}`);
    expect(rows.map((row) => [row.action, row.documentId, row.title])).toEqual([
      ['delete', published, 'Audited, edited'],
      ['unpublish', published, 'Audited'],
      ['publish', published, 'Audited'],
    ]);
    expect((await audit(`author=${auditor.id}&action=update,create`)).map((row) => row.action)).toEqual(['update', 'create']);
  });

  test('by action, type and date', async () => {
    expect((await audit(`author=${auditor.id}&action=delete`)).map((row) => row.documentId)).toEqual([published]);
    expect(await audit(`author=${auditor.id}&uid=${q(SECTION)}`)).toEqual([]);
    expect((await audit(`author=${auditor.id}&uid=${q(ARTICLE)}&from=${q(started)}`)).length).toBe(3);
    expect(await audit(`author=${auditor.id}&to=${q(started)}`)).toEqual([]);
    const unpublishes = await audit(`action=unpublish&from=${q(started)}`);
    expect(unpublishes.every((row) => row.action === 'unpublish')).toBe(true);
    expect(unpublishes.map((row) => row.documentId)).toContain(published);
    const scheduled = await audit('action=schedule&authorKind=admin');
    expect(scheduled.length).toBeGreaterThan(0);
    const page = await ok<{ data: Summary[]; meta: { pagination: { page: number; pageSize: number; total: number; pageCount: number } } }>(
      await editor.get(`/newsroom-history/audit?author=${auditor.id}&pageSize=2&page=2`),
    );
    expect(page.meta.pagination).toEqual({ page: 2, pageSize: 2, total: 3, pageCount: 2 });
    expect(page.data.map((row) => row.action)).toEqual(['publish']);
  });

  test('bad filters are a 400 naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['action=erase', 'action'],
      ['uid=api::secret.secret', 'uid'],
      ['author=me', 'author'],
      ['authorKind=robot', 'authorKind'],
      ['from=2016-02-30', 'from'],
      [`from=${q('2026-05-02')}&to=${q('2026-05-01')}`, 'to'],
      ['pageSize=201', 'pageSize'],
      ['page=0', 'page'],
      ['documentId=%27%20OR%201%3D1', 'documentId'],
      ['sort=createdAt', 'sort'],
      ['author[$gt]=0', 'author'],
    ];
    for (const [query, param] of cases) {
      const res = await editor.get(`/newsroom-history/audit?${query}`);
      expect({ query, status: res.status, param: (errorOf(res).details as { param?: string }).param }).toEqual({ query, status: 400, param });
    }
  });
});

describe('who may use the history', () => {
  let id: string;
  let versionId: number;
  beforeAll(async () => {
    const article = await app.kit.article({ section, title: 'Guarded history' });
    id = article.documentId;
    versionId = (await versions(id))[0].id;
  });

  test('nobody without an admin session: 401 on every route, for anonymous readers, reader accounts and API tokens', async () => {
    const token = bearer(await apiToken(app, 'full-access'));
    const routes: Array<['get' | 'post', string]> = [
      ['get', `/newsroom-history/versions?uid=${q(ARTICLE)}&documentId=${id}`],
      ['get', `/newsroom-history/versions/${versionId}`],
      ['get', `/newsroom-history/compare?left=${versionId}&right=${versionId}`],
      ['post', `/newsroom-history/versions/${versionId}/restore`],
      ['get', '/newsroom-history/audit'],
      ['get', `/newsroom-history/corrections?uid=${q(ARTICLE)}&documentId=${id}`],
      ['post', '/newsroom-history/corrections'],
    ];
    for (const [method, path] of routes) {
      for (const headers of [{}, token]) {
        const res = await app.http()[method](path).set(headers);
        expect({ path, status: res.status, data: res.body?.data ?? null }).toEqual({ path, status: 401, data: null });
      }
    }
  });

  test('nothing of the history in the content API: no REST route, no GraphQL type or query', async () => {
    const token = bearer(await apiToken(app, 'full-access'));
    for (const path of ['/api/versions', '/api/corrections', '/api/history/versions', `/api/versions/${versionId}`]) {
      expect({ path, status: (await app.http().get(path).set(token)).status }).toEqual({ path, status: 404 });
    }
    for (const query of ['{ versions { documentId content } }', '{ corrections { text } }', '{ version(documentId: "x") { content } }']) {
      const res = await app.http().post('/graphql').set(token).send({ query });
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });

  test('reporters read and restore, but see no audit trail and append no corrections; editors and admins do all', async () => {
    expect((await reporter.get(`/newsroom-history/versions?uid=${q(ARTICLE)}&documentId=${id}`)).status).toBe(200);
    expect((await reporter.get(`/newsroom-history/versions/${versionId}`)).status).toBe(200);
    expect((await reporter.get('/newsroom-history/audit')).status).toBe(403);
    expect((await reporter.post('/newsroom-history/corrections', { uid: ARTICLE, documentId: id, text: 'Not mine to make' })).status).toBe(403);
    for (const user of [editor, admin]) {
      expect((await user.get('/newsroom-history/audit')).status).toBe(200);
      expect((await user.get(`/newsroom-history/versions/${versionId}`)).status).toBe(200);
    }
  });

  test('a role without the history permission gets 403, even with the Content Manager’s', async () => {
    const role = (await app.strapi.service('admin::role').create({ name: `No history ${Date.now()}`, description: 'test' })) as { id: number; code: string };
    await app.strapi
      .service('admin::role')
      .assignPermissions(role.id, [{ action: 'plugin::content-manager.explorer.read', subject: ARTICLE, properties: {}, conditions: [] }]);
    const reader = await panelUser(app, role.code, 'no-history');
    expect((await reader.get(`/newsroom-history/versions?uid=${q(ARTICLE)}&documentId=${id}`)).status).toBe(403);
    expect((await reader.post(`/newsroom-history/versions/${versionId}/restore`)).status).toBe(403);
  });

  test('the audit trail lists only the types the user may read in the Content Manager', async () => {
    const role = (await app.strapi.service('admin::role').create({ name: `Article auditor ${Date.now()}`, description: 'test' })) as {
      id: number;
      code: string;
    };
    await app.strapi.service('admin::role').assignPermissions(role.id, [
      { action: 'plugin::content-manager.explorer.read', subject: ARTICLE, properties: {}, conditions: [] },
      { action: 'api::history.audit', subject: null, properties: {}, conditions: [] },
    ]);
    const auditor = await panelUser(app, role.code, 'article-auditor');
    const seen = (await ok<{ data: Summary[] }>(await auditor.get('/newsroom-history/audit?action=create&pageSize=200'))).data;
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((entry) => entry.uid))).toEqual(new Set([ARTICLE]));
    expect((await ok<{ data: Summary[] }>(await auditor.get(`/newsroom-history/audit?action=create&uid=${q(SECTION)}`))).data).toEqual([]);
    // Editors read every type.
    const all = (await ok<{ data: Summary[] }>(await editor.get('/newsroom-history/audit?action=create&pageSize=200'))).data;
    expect([...new Set(all.map((entry) => entry.uid))]).toEqual(expect.arrayContaining([ARTICLE, SECTION]));
  });

  test('bad parameters: 400 in Strapi’s format naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      [`/newsroom-history/versions?documentId=${id}`, 'uid'],
      [`/newsroom-history/versions?uid=api::user.user&documentId=${id}`, 'uid'],
      [`/newsroom-history/versions?uid=${q(ARTICLE)}`, 'documentId'],
      [`/newsroom-history/versions?uid=${q(ARTICLE)}&documentId=${id}&pageSize=0`, 'pageSize'],
      [`/newsroom-history/versions?uid=${q(ARTICLE)}&documentId=${id}&populate=*`, 'populate'],
      [`/newsroom-history/versions?uid[0]=${q(ARTICLE)}&documentId=${id}`, 'uid'],
      [`/newsroom-history/compare?left=${versionId}&right=${versionId}&extra=1`, 'extra'],
    ];
    for (const [path, param] of cases) {
      const res = await editor.get(path);
      expect({ path, status: res.status, name: errorOf(res)?.name, param: (errorOf(res)?.details as { param?: string })?.param }).toEqual({
        path,
        status: 400,
        name: 'ValidationError',
        param,
      });
      expect(JSON.stringify(res.body)).not.toMatch(/select |newsroom_history|at \/|node_modules/i);
    }
  });
});

describe('retention', () => {
  test('versions older than HISTORY_RETENTION_DAYS go, the latest of each document stays', async () => {
    const old = await app.kit.article({ section, title: 'Old story', status: 'draft' });
    await app.kit.saveDraft(old.documentId, { title: 'Old story, edited' });
    const recent = await app.kit.article({ section, title: 'Recent story', status: 'draft' });
    await app.kit.saveDraft(recent.documentId, { title: 'Recent story, edited' });
    const now = new Date();
    const longAgo = new Date(now.getTime() - 40 * 86_400_000);
    // Every version of `old` is 40 days old; `recent` has one old version and a new one.
    const oldIds = (await versions(old.documentId)).map((entry) => entry.id);
    const recentIds = (await versions(recent.documentId)).map((entry) => entry.id);
    await app.strapi.db.query(VERSION).updateMany({ where: { id: { $in: [...oldIds, recentIds[0]] } }, data: { createdAt: longAgo } });

    expect(await pruneHistory(app.strapi, null, now)).toBe(0);
    const removed = await pruneHistory(app.strapi, 30, now);
    expect(removed).toBeGreaterThanOrEqual(2);
    expect((await versions(old.documentId)).map((entry) => entry.id)).toEqual([oldIds.at(-1)]);
    expect((await versions(recent.documentId)).map((entry) => entry.id)).toEqual([recentIds.at(-1)]);
    // Nothing younger than the limit is touched.
    expect(await pruneHistory(app.strapi, 30, now)).toBe(0);
  });
});

describe('per locale: each locale of a document has its own history', () => {
  let id: string;
  /** The English (default locale) history before anything German happened. */
  let english: Summary[];
  const de = async (documentId: string) => {
    const body = await ok<{ data: Summary[] }>(
      await editor.get(`/newsroom-history/versions?uid=${q(ARTICLE)}&documentId=${documentId}&locale=de&pageSize=200`),
    );
    return [...body.data].reverse();
  };
  beforeAll(async () => {
    await addLocale(app.strapi, 'de');
    // The German row of the section, which the German article is filed in.
    await app.strapi.documents(SECTION).update({ documentId: section.documentId, locale: 'de', data: { name: 'Verlaufsressort' } as never });
    const { data } = await ok(
      await editor.post(cm(ARTICLE, '/actions/publish'), {
        title: 'Minister speaks',
        body: paragraphs('The minister spoke on Monday.'),
        section: { connect: [{ documentId: section.documentId }] },
      }),
    );
    id = data.documentId;
    english = await versions(id);
    // The editor adds the German translation in the Content Manager, then edits it.
    await ok(
      await editor.put(cm(ARTICLE, `/${id}?locale=de`), {
        title: 'Minister spricht',
        body: paragraphs('Der Minister sprach am Montag.'),
        section: { connect: [{ documentId: section.documentId }] },
      }),
    );
    await ok(await editor.put(cm(ARTICLE, `/${id}?locale=de`), { body: paragraphs('Der Minister sprach am Dienstag.') }));
  });

  test('a German edit records a German version with the German content; the English history is unchanged', async () => {
    const german = await de(id);
    expect(german.map((entry) => [entry.action, entry.locale, entry.title])).toEqual([
      ['create', 'de', 'Minister spricht'],
      ['update', 'de', 'Minister spricht'],
    ]);
    expect(bodyText((await version(german[0].id)).content)).toBe('Der Minister sprach am Montag.');
    expect(bodyText((await version(german[1].id)).content)).toBe('Der Minister sprach am Dienstag.');
    expect((await version(german[1].id)).locale).toBe('de');
    // Without `locale`: the default locale's history, as it was; `locale=en` names the same.
    expect(await versions(id)).toEqual(english);
    expect(english.every((entry) => entry.locale === 'en')).toBe(true);
    const named = await ok<{ data: Summary[] }>(await editor.get(`/newsroom-history/versions?uid=${q(ARTICLE)}&documentId=${id}&locale=en`));
    expect(named.data.map((entry) => entry.id)).toEqual([...english].reverse().map((entry) => entry.id));
    // An unchanged German save is no version; the English draft's content is not what it is compared with.
    await ok(await editor.put(cm(ARTICLE, `/${id}?locale=de`), { body: paragraphs('Der Minister sprach am Dienstag.') }));
    expect(await de(id)).toEqual(german);
  });

  test('publishing one locale records `publish` for that locale only; a call on every locale, one version per locale', async () => {
    await ok(await editor.post(cm(ARTICLE, `/${id}/actions/publish?locale=de`), {}));
    expect((await de(id)).map((entry) => [entry.action, entry.published])).toEqual([
      ['create', false],
      ['update', false],
      ['publish', true],
    ]);
    expect(await versions(id)).toEqual(english);

    await app.strapi.documents(ARTICLE).unpublish({ documentId: id, locale: '*' });
    expect((await de(id)).at(-1)).toMatchObject({ action: 'unpublish', locale: 'de', published: false });
    expect((await versions(id)).map((entry) => entry.action)).toEqual([...english.map((entry) => entry.action), 'unpublish']);
    await app.strapi.documents(ARTICLE).publish({ documentId: id, locale: '*' });
    expect((await de(id)).at(-1)).toMatchObject({ action: 'publish', locale: 'de', title: 'Minister spricht' });
    expect((await versions(id)).at(-1)).toMatchObject({ action: 'publish', locale: 'en', title: 'Minister speaks' });
  });

  test('restoring a German version changes the German draft only', async () => {
    const [created] = await de(id);
    const englishBefore = await versions(id);
    const restored = await ok<{ data: { documentId: string; locale: string; restoredFrom: number; version: number } }>(
      await reporter.post(`/newsroom-history/versions/${created.id}/restore`),
    );
    expect(restored.data).toMatchObject({ documentId: id, locale: 'de', restoredFrom: created.id });
    const germanDraft = (await app.strapi.documents(ARTICLE).findOne({ documentId: id, locale: 'de', status: 'draft', populate: ['section'] })) as Record<
      string,
      unknown
    > & { section?: { documentId: string } };
    expect(bodyText(germanDraft as never)).toBe('Der Minister sprach am Montag.');
    expect(germanDraft.section?.documentId).toBe(section.documentId);
    const englishDraft = await draftOf(id);
    expect({ title: englishDraft.title, body: bodyText(englishDraft as never) }).toEqual({ title: 'Minister speaks', body: 'The minister spoke on Monday.' });
    expect((await de(id)).at(-1)).toMatchObject({ id: restored.data.version, action: 'restore', locale: 'de' });
    expect(await versions(id)).toEqual(englishBefore);
  });

  test('two versions of different locales are not compared', async () => {
    const [englishVersion] = await versions(id);
    const [germanVersion] = await de(id);
    const res = await editor.get(`/newsroom-history/compare?left=${englishVersion.id}&right=${germanVersion.id}`);
    expect(res.status).toBe(400);
    expect(errorOf(res).details).toMatchObject({ param: 'right' });
    expect(errorOf(res).message).toMatch(/locale/);
  });

  test('the audit trail shows the locale and filters by it', async () => {
    const rows = (await ok<{ data: Summary[] }>(await editor.get(`/newsroom-history/audit?documentId=${id}&pageSize=200`))).data;
    expect(new Set(rows.map((row) => row.locale))).toEqual(new Set(['en', 'de']));
    const german = (await ok<{ data: Summary[] }>(await editor.get(`/newsroom-history/audit?documentId=${id}&locale=de&pageSize=200`))).data;
    expect(german.map((row) => [row.action, row.locale])).toEqual([
      ['restore', 'de'],
      ['publish', 'de'],
      ['unpublish', 'de'],
      ['publish', 'de'],
    ]);
  });

  test('a bad locale is a 400 naming it', async () => {
    const cases: Array<[string, RegExp]> = [
      [`/newsroom-history/versions?uid=${q(ARTICLE)}&documentId=${id}&locale=xx`, /"xx" is not offered; the locales are: de, en/],
      [`/newsroom-history/versions?uid=${q(ARTICLE)}&documentId=${id}&locale=${q('de;drop')}`, /de;drop/],
      [`/newsroom-history/versions?uid=${q(ARTICLE)}&documentId=${id}&locale[0]=de`, /one value/],
      [`/newsroom-history/audit?locale=zz`, /"zz" is not offered/],
      [`/newsroom-history/corrections?uid=${q(ARTICLE)}&documentId=${id}&locale=zz`, /"zz" is not offered/],
    ];
    for (const [path, message] of cases) {
      const res = await editor.get(path);
      expect({ path, status: res.status, name: errorOf(res)?.name, param: (errorOf(res)?.details as { param?: string })?.param }).toEqual({
        path,
        status: 400,
        name: 'ValidationError',
        param: 'locale',
      });
      expect(errorOf(res).message).toMatch(message);
    }
  });
});
