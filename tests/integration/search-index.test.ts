/**
 * The search index follows the articles through every path that writes them: the seed, the admin panel's
 * content-manager API (publish, save a draft, discard it, unpublish, delete, bulk actions), REST and GraphQL
 * writes of a full-access API token (the only content-API credential that may write, see
 * permissions.test.ts), the scheduler's publication of a due draft. A write refused or rolled back leaves it
 * as it was. After every step a reader's search finds the published words, never the draft's or a removed
 * article's, and the index is in step with the article rows (nothing missing, stale or left behind).
 * Repairs of an index changed behind the app's back: search-index-repair.test.ts; restores: backup-restore.test.ts.
 */
import { useApp } from '../harness/app';
import { foundIds, uniqueWord } from '../harness/search';
import { cm, panelUser, type PanelUser } from '../harness/admin-users';
import { apiToken, bearer } from '../harness/clients';
import { paragraphs, type SectionDoc } from '../harness/content';
import { ARTICLE, REFERENCE_SLUG, SEED_DIR } from '../harness/constants';
import { readReferencePage } from '../harness/reference-page';
import { publishDue } from '../../src/scheduling/publish-due';
import { searchIndexDrift } from '../../src/search/engine';
import { loadSeed, readSeed } from '../../src/seed/seed';

const app = useApp();

const word = uniqueWord;

const found = (q: string) => foundIds(app, q);

/** What a reader finds for each word, for one assertion per step. */
async function findings(words: Record<string, string>): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [name, q] of Object.entries(words)) out[name] = await found(q);
  return out;
}

async function expectInStep() {
  expect(await searchIndexDrift(app.strapi)).toEqual({ missing: [], orphaned: [] });
}

let section: SectionDoc;
beforeAll(async () => {
  section = await app.kit.section('Index desk');
});

test('the seed: the reference article is found by a phrase of its body', async () => {
  // The seed's sections and its reference article only: the loader is the same for all 23.
  const seed = readSeed(SEED_DIR);
  await loadSeed(app.strapi, { ...seed, articles: seed.articles.filter((article) => article.slug === REFERENCE_SLUG), teasers: [], translations: [] });
  const reference = await app.strapi.documents(ARTICLE).findFirst({ filters: { slug: REFERENCE_SLUG }, status: 'published' });
  const phrase = readReferencePage().bodyParagraphs[0].split(' ').slice(-6).join(' ').replace(/\W+$/, '');
  expect(await found(`"${phrase}"`)).toEqual([reference!.documentId]);
  await expectInStep();
});

describe('the admin panel (content-manager API)', () => {
  let editor: PanelUser;
  beforeAll(async () => {
    editor = await panelUser(app, 'strapi-super-admin', 'index-editor');
  });
  const ok = async (res: { status: number; body: unknown }, status = 200) => {
    expect({ status: res.status, body: res.status === status ? null : res.body }).toEqual({ status, body: null });
    return res.body as { data: { documentId: string } };
  };

  test('publish, save a draft, publish it, discard a draft, unpublish, publish again, delete', async () => {
    const [first, second, discarded] = [word(), word(), word()];
    const { data } = await ok(
      await editor.post(cm(ARTICLE, '/actions/publish'), {
        title: 'Admin story',
        body: paragraphs(`The first version says ${first}.`),
        section: { connect: [{ documentId: section.documentId }] },
      }),
    );
    const id = data.documentId;
    expect(await findings({ first, second })).toEqual({ first: [id], second: [] });
    await expectInStep();

    // A draft save changes nothing a reader finds.
    await ok(await editor.put(cm(ARTICLE, `/${id}`), { body: paragraphs(`The second version says ${second}.`) }));
    expect(await findings({ first, second })).toEqual({ first: [id], second: [] });
    await expectInStep();

    await ok(await editor.post(cm(ARTICLE, `/${id}/actions/publish`), {}));
    expect(await findings({ first, second })).toEqual({ first: [], second: [id] });
    await expectInStep();

    // A draft edit thrown away: its words are never found, the published ones still are, and a later publish publishes the old text.
    await ok(await editor.put(cm(ARTICLE, `/${id}`), { body: paragraphs(`A discarded version says ${discarded}.`) }));
    await ok(await editor.post(cm(ARTICLE, `/${id}/actions/discard`), {}));
    expect(await findings({ second, discarded })).toEqual({ second: [id], discarded: [] });
    await ok(await editor.post(cm(ARTICLE, `/${id}/actions/publish`), {}));
    expect(await findings({ second, discarded })).toEqual({ second: [id], discarded: [] });
    await expectInStep();

    await ok(await editor.post(cm(ARTICLE, `/${id}/actions/unpublish`), {}));
    expect(await found(second)).toEqual([]);
    await expectInStep();

    await ok(await editor.post(cm(ARTICLE, `/${id}/actions/publish`), {}));
    expect(await found(second)).toEqual([id]);

    await ok(await editor.del(cm(ARTICLE, `/${id}`)));
    expect(await found(second)).toEqual([]);
    await expectInStep();
  });

  test('bulk publish, bulk unpublish and bulk delete', async () => {
    const shared = word();
    const ids: string[] = [];
    for (const title of ['Bulk one', 'Bulk two']) {
      const { data } = await ok(
        await editor.post(cm(ARTICLE), { title, body: paragraphs(`Both say ${shared}.`), section: { connect: [{ documentId: section.documentId }] } }),
        201,
      );
      ids.push(data.documentId);
    }
    expect(await found(shared)).toEqual([]);
    await ok(await editor.post(cm(ARTICLE, '/actions/bulkPublish'), { documentIds: ids }));
    expect((await found(shared)).sort()).toEqual([...ids].sort());
    await expectInStep();
    await ok(await editor.post(cm(ARTICLE, '/actions/bulkUnpublish'), { documentIds: [ids[0]] }));
    expect(await found(shared)).toEqual([ids[1]]);
    await ok(await editor.post(cm(ARTICLE, '/actions/bulkDelete'), { documentIds: ids }));
    expect(await found(shared)).toEqual([]);
    await expectInStep();
  });

  test('a publish refused by validation (a blank title) leaves the published words found and the draft words unfound', async () => {
    const [live, refused] = [word(), word()];
    const { data } = await ok(
      await editor.post(cm(ARTICLE, '/actions/publish'), {
        title: 'Refused story',
        body: paragraphs(`Live text ${live}.`),
        section: { connect: [{ documentId: section.documentId }] },
      }),
    );
    const res = await editor.post(cm(ARTICLE, `/${data.documentId}/actions/publish`), { title: '  ', body: paragraphs(`Refused text ${refused}.`) });
    expect(res.status).toBe(400);
    expect(await findings({ live, refused })).toEqual({ live: [data.documentId], refused: [] });
    await expectInStep();
  });
});

describe('the content API with a full-access API token', () => {
  let auth: Record<string, string>;
  beforeAll(async () => {
    auth = bearer(await apiToken(app, 'full-access'));
  });

  test('REST: create (published), update (published), update the draft only, delete', async () => {
    const [first, second, draft] = [word(), word(), word()];
    const created = await app
      .http()
      .post('/api/articles')
      .set(auth)
      .send({ data: { title: 'REST story', body: paragraphs(`Posted with ${first}.`), section: section.documentId } });
    expect(created.status).toBe(201);
    const id = created.body.data.documentId as string;
    expect(await found(first)).toEqual([id]);

    const updated = await app
      .http()
      .put(`/api/articles/${id}`)
      .set(auth)
      .send({ data: { body: paragraphs(`Put with ${second}.`) } });
    expect(updated.status).toBe(200);
    expect(await findings({ first, second })).toEqual({ first: [], second: [id] });

    const drafted = await app
      .http()
      .put(`/api/articles/${id}?status=draft`)
      .set(auth)
      .send({ data: { body: paragraphs(`Drafted with ${draft}.`) } });
    expect(drafted.status).toBe(200);
    expect(await findings({ second, draft })).toEqual({ second: [id], draft: [] });
    await expectInStep();

    expect((await app.http().delete(`/api/articles/${id}`).set(auth)).status).toBe(204);
    expect(await findings({ second, draft })).toEqual({ second: [], draft: [] });
    await expectInStep();
  });

  test('GraphQL: createArticle (published), updateArticle (published, then draft only), deleteArticle', async () => {
    const graphql = async (query: string, variables: Record<string, unknown>) => {
      const res = await app.http().post('/graphql').set(auth).send({ query, variables });
      expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 200, errors: undefined });
      return res.body.data as Record<string, { documentId: string } | null>;
    };
    const [first, second, draft] = [word(), word(), word()];
    const { result } = await graphql('mutation ($data: ArticleInput!) { result: createArticle(status: PUBLISHED, data: $data) { documentId } }', {
      data: { title: 'GraphQL story', body: paragraphs(`Created with ${first}.`), section: section.documentId },
    });
    const id = result!.documentId;
    expect(await found(first)).toEqual([id]);

    const update =
      'mutation ($id: ID!, $status: PublicationStatus, $data: ArticleInput!) { result: updateArticle(documentId: $id, status: $status, data: $data) { documentId } }';
    await graphql(update, { id, status: 'PUBLISHED', data: { body: paragraphs(`Updated with ${second}.`) } });
    expect(await findings({ first, second })).toEqual({ first: [], second: [id] });
    await graphql(update, { id, status: 'DRAFT', data: { body: paragraphs(`Drafted with ${draft}.`) } });
    expect(await findings({ second, draft })).toEqual({ second: [id], draft: [] });
    await expectInStep();

    await graphql('mutation ($id: ID!) { result: deleteArticle(documentId: $id) { documentId } }', { id });
    expect(await findings({ second, draft })).toEqual({ second: [], draft: [] });
    await expectInStep();
  });
});

test('the scheduler: a due draft is found once the publish-due job has published it', async () => {
  const embargoed = word();
  const draft = await app.strapi.documents(ARTICLE).create({
    data: {
      title: 'Embargoed story',
      body: paragraphs(`Under embargo: ${embargoed}.`),
      section: section.documentId,
      scheduledAt: new Date(Date.now() - 60_000),
    } as never,
  });
  expect(await found(embargoed)).toEqual([]);
  const { published, failed } = await publishDue(app.strapi);
  expect(failed).toEqual([]);
  expect(published).toContain(draft.documentId);
  expect(await found(embargoed)).toEqual([draft.documentId]);
  await expectInStep();
});

test('a publish rolled back by a failure later in its transaction leaves the index as it was', async () => {
  const [kept, rolledBack] = [word(), word()];
  const story = await app.kit.article({ section, title: 'Rollback story', body: paragraphs(`Kept text ${kept}.`) });
  await expect(
    app.strapi.db.transaction(async () => {
      await app.strapi
        .documents(ARTICLE)
        .update({ documentId: story.documentId, data: { body: paragraphs(`Lost text ${rolledBack}.`) } as never, status: 'published' });
      throw new Error('a later step of the same change failed');
    }),
  ).rejects.toThrow('a later step of the same change failed');
  expect(await findings({ kept, rolledBack })).toEqual({ kept: [story.documentId], rolledBack: [] });
  await expectInStep();
});
