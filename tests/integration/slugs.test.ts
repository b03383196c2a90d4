/**
 * Slugs are the addresses of articles and sections. Whatever path creates the content (a script
 * through the Document Service, REST or GraphQL with an API token, the admin panel), a missing slug
 * is made from the title or name: transliterated, lower case, `-2`, `-3`… on a clash. A slug never
 * follows later title edits on its own; an explicit slug must be well formed and free.
 */
import { useApp } from '../harness/app';
import { ARTICLE, SECTION } from '../harness/constants';
import { adminSessionToken, cm } from '../harness/admin-users';
import { bearer, documents, errorOf, errorPaths, expectValidationError, fullAccessToken, rejectionOf, rowsOf, type Row } from '../harness/clients';
import { unique } from '../harness/content';
import { addLocale } from '../../src/locales';

const app = useApp();
let token: string;
let admin: string;
let world: Row;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const articles = () => documents(app, ARTICLE);
const sections = () => documents(app, SECTION);

const rest = {
  post: (url: string, data: Row) => app.http().post(url).set(bearer(token)).send({ data }),
  put: (url: string, data: Row) => app.http().put(url).set(bearer(token)).send({ data }),
};
const panel = {
  post: (url: string, body: Row) => app.http().post(url).set(bearer(admin)).send(body),
  put: (url: string, body: Row) => app.http().put(url).set(bearer(admin)).send(body),
};
const graphql = (query: string, variables: Row) => app.http().post('/graphql').set(bearer(token)).send({ query, variables });

/** One way of creating an article or a section without a slug; resolves to the stored slug. */
type Creator = (data: Row) => Promise<string>;

/** The four ways of creating a document of `uid`; `related` is what the Document Service, REST and GraphQL add (an article's section). */
function creatorsOf(uid: typeof ARTICLE | typeof SECTION, related: () => Row): Record<string, Creator> {
  const type = uid === ARTICLE ? 'Article' : 'Section';
  const storedSlug = (res: { status: number; body: { data: { slug: string } } }) => {
    expect(res.status).toBe(201);
    return res.body.data.slug;
  };
  return {
    'Document Service': async (data) =>
      String((await documents(app, uid).create({ data: { ...data, ...related() }, ...(uid === ARTICLE ? { status: 'published' } : {}) })).slug),
    'REST with an API token': async (data) => storedSlug(await rest.post(`/api/${type.toLowerCase()}s`, { ...data, ...related() })),
    [`GraphQL create${type}`]: async (data) => {
      const res = await graphql(`mutation ($data: ${type}Input!) { create${type}(data: $data) { documentId slug } }`, { data: { ...data, ...related() } });
      expect(res.body.errors).toBeUndefined();
      return res.body.data[`create${type}`].slug;
    },
    'admin panel': async (data) => storedSlug(await panel.post(cm(uid), data)),
  };
}

const articleCreators = creatorsOf(ARTICLE, () => ({ section: world.documentId }));
const sectionCreators = creatorsOf(SECTION, () => ({}));

/** Every stored version of every article, for "nothing changed" checks. */
const snapshot = async (uid: string) =>
  (await rowsOf(app, uid)).map((row) => ({ id: row.id, slug: row.slug, title: row.title ?? row.name, updatedAt: row.updatedAt }));

beforeAll(async () => {
  token = await fullAccessToken(app);
  admin = await adminSessionToken(app);
  world = await sections().create({ data: { name: 'World', slug: 'world' } });
});

describe('a slug is made when none is given', () => {
  test('articles: every path transliterates the title and numbers clashes -2, -3, -4', async () => {
    const made: Record<string, string> = {};
    for (const [path, create] of Object.entries(articleCreators)) made[path] = await create({ title: 'Zürich Über Alles' });
    expect(made).toEqual({
      'Document Service': 'zurich-uber-alles',
      'REST with an API token': 'zurich-uber-alles-2',
      'GraphQL createArticle': 'zurich-uber-alles-3',
      'admin panel': 'zurich-uber-alles-4',
    });
  });

  test.each(Object.keys(articleCreators))('articles (%s): accents, case and punctuation are folded', async (path) => {
    const marker = path
      .toLowerCase()
      .replace(/[^a-z]+/g, ' ')
      .trim();
    const slug = await articleCreators[path]({ title: `Crème Brûlée à Genève: ÉTÉ ${marker}!` });
    expect(slug).toBe(`creme-brulee-a-geneve-ete-${marker.replace(/ /g, '-')}`);
  });

  test('sections: every path makes the slug from the name, -2, -3, -4 on a clash', async () => {
    const names = ['Économie', 'économie!', 'ECONOMIE', 'Economie…'];
    const made = [];
    for (const [i, create] of Object.values(sectionCreators).entries()) made.push(await create({ name: names[i] }));
    expect(made).toEqual(['economie', 'economie-2', 'economie-3', 'economie-4']);
  });

  test('a draft holds its slug: publishing does not renumber it, and others number around it', async () => {
    const draft = await articles().create({ data: { title: 'Embargoed scoop', section: world.documentId } });
    expect(draft.slug).toBe('embargoed-scoop');
    const other = await rest.post('/api/articles', { title: 'Embargoed Scoop', section: world.documentId });
    expect(other.body.data.slug).toBe('embargoed-scoop-2');

    await articles().publish({ documentId: draft.documentId });
    const versions = await rowsOf(app, ARTICLE, { documentId: draft.documentId });
    expect(versions).toHaveLength(2);
    expect(versions.map((row) => row.slug)).toEqual(['embargoed-scoop', 'embargoed-scoop']);
  });

  test('a long title gives a slug of at most 100 characters, cut between words, with room for the number', async () => {
    const words = 'the quick brown fox jumps over the lazy dog while the newsroom waits for the final edition of tonight';
    const title = `${words} ${words}`.slice(0, 200);
    const first = await articleCreators['REST with an API token']({ title });
    const second = await articleCreators['REST with an API token']({ title });
    for (const slug of [first, second]) {
      expect(slug).toMatch(SLUG);
      expect(slug.length).toBeLessThanOrEqual(100);
    }
    expect(second).toBe(`${first}-2`);
    // Whole words only: the slug is a prefix of the full slug that ends where a word ends.
    const full = title.replace(/ /g, '-');
    expect(full.startsWith(first)).toBe(true);
    expect(full[first.length]).toBe('-');
  });

  test('a title with nothing to spell in Latin letters still gets a well-formed slug', async () => {
    const slug = await articleCreators['REST with an API token']({ title: '!!! ??? …' });
    expect(slug).toMatch(SLUG);
  });

  test('clearing the slug gives the article a slug again, never none', async () => {
    const res = await rest.post('/api/articles', { title: 'Slug cleared later', section: world.documentId });
    for (const slug of ['', null]) {
      const cleared = await rest.put(`/api/articles/${res.body.data.documentId}`, { slug });
      expect(cleared.status).toBe(200);
      expect(cleared.body.data.slug).toMatch(SLUG);
    }
  });
});

describe("the admin panel's slug generator", () => {
  const generate = (contentTypeUID: string, data: Row) => panel.post('/content-manager/uid/generate', { contentTypeUID, field: 'slug', data });

  test('proposes the same slug the server would make: transliterated, and numbered -2 on a clash', async () => {
    const fresh = await generate(ARTICLE, { title: 'Ärger über Köln' });
    expect(fresh.status).toBe(200);
    expect(fresh.body.data).toBe('arger-uber-koln');

    await articles().create({ data: { title: 'Ärger über Köln' } });
    const clash = await generate(ARTICLE, { title: 'Ärger über Köln' });
    expect(clash.body.data).toBe('arger-uber-koln-2');

    const section = await generate(SECTION, { name: 'Économie' });
    expect(section.body.data).toMatch(/^economie(-\d+)?$/);
    expect(await sections().count({ filters: { slug: section.body.data } })).toBe(0);
  });

  test('the availability check reports a taken slug and suggests a free one', async () => {
    await articles().create({ data: { title: 'Availability check' } });
    const res = await panel.post('/content-manager/uid/check-availability', { contentTypeUID: ARTICLE, field: 'slug', value: 'availability-check' });
    expect(res.status).toBe(200);
    expect(res.body.isAvailable).toBe(false);
    expect(res.body.suggestion).toMatch(SLUG);
    expect(await articles().count({ filters: { slug: res.body.suggestion } })).toBe(0);
  });
});

describe('a slug is stable', () => {
  test('editing the title of a published article never changes its slug, whatever the path', async () => {
    const res = await rest.post('/api/articles', { title: 'Original headline', section: world.documentId });
    const documentId = res.body.data.documentId as string;
    expect(res.body.data.slug).toBe('original-headline');

    const edits: Array<[string, () => Promise<unknown>]> = [
      ['REST PUT', () => rest.put(`/api/articles/${documentId}`, { title: 'Headline edited over REST' })],
      ['document update (draft)', () => articles().update({ documentId, data: { title: 'Headline edited in a script' } })],
      ['document publish', () => articles().publish({ documentId })],
      ['document update (published)', () => articles().update({ documentId, data: { title: 'Headline edited and published' }, status: 'published' })],
      ['admin panel save', () => panel.put(cm(ARTICLE, `/${documentId}`), { title: 'Headline edited in the panel' })],
      ['admin panel publish', () => panel.post(cm(ARTICLE, `/${documentId}/actions/publish`), { title: 'Headline published from the panel' })],
    ];
    for (const [, edit] of edits) {
      await edit();
      const versions = await rowsOf(app, ARTICLE, { documentId });
      expect(versions.map((row) => row.slug)).toEqual(['original-headline', 'original-headline']);
    }
    const published = await articles().findOne({ documentId, status: 'published' });
    expect(published?.title).toBe('Headline published from the panel');

    // A new article with the original headline does not take the slug back.
    const again = await rest.post('/api/articles', { title: 'Original headline', section: world.documentId });
    expect(again.body.data.slug).toBe('original-headline-2');
  });

  test('renaming a section does not change its slug', async () => {
    const created = await sections().create({ data: { name: 'Sci & Tech' } });
    await rest.put(`/api/sections/${String(created.documentId)}`, { name: 'Science and Technology' });
    const read = await sections().findOne({ documentId: created.documentId });
    expect(read?.name).toBe('Science and Technology');
    expect(read?.slug).toBe(created.slug);
  });

  test('the slug changes when, and only when, a new one is given', async () => {
    const res = await rest.post('/api/articles', { title: 'Changing address', section: world.documentId });
    const documentId = res.body.data.documentId as string;

    const viaRest = await rest.put(`/api/articles/${documentId}`, { slug: 'new-address' });
    expect(viaRest.status).toBe(200);
    expect(viaRest.body.data.slug).toBe('new-address');

    await articles().update({ documentId, data: { slug: 'newer-address' }, status: 'published' });
    expect((await rowsOf(app, ARTICLE, { documentId })).map((row) => row.slug)).toEqual(['newer-address', 'newer-address']);

    // Sending the slug it already has is not a clash with itself.
    const same = await rest.put(`/api/articles/${documentId}`, { slug: 'newer-address', byline: 'Same slug' });
    expect(same.status).toBe(200);
    expect(same.body.data.slug).toBe('newer-address');
  });
});

describe('an explicit slug must be well formed', () => {
  const INVALID = ['Bad Slug', 'a--b', 'ÄÖ', '../x', 'a'.repeat(101), '-leading', 'trailing-', 'Upper-Case', 'under_score', 'a/b'];

  test.each(INVALID)('%p is refused on creation (REST, Document Service, GraphQL, admin panel) and nothing is stored', async (slug) => {
    const before = await snapshot(ARTICLE);
    const title = unique('Invalid slug article');

    const res = await rest.post('/api/articles', { title, slug, section: world.documentId });
    expectValidationError(res, /slug/);
    expect(errorPaths(errorOf(res))).toEqual(['slug']);

    const script = await rejectionOf(articles().create({ data: { title, slug, section: world.documentId }, status: 'published' }));
    expect(script.name).toBe('ValidationError');
    expect(errorPaths(script)).toEqual(['slug']);

    const gql = await graphql('mutation ($data: ArticleInput!) { createArticle(data: $data) { slug } }', { data: { title, slug, section: world.documentId } });
    expect(gql.body.data?.createArticle ?? null).toBeNull();
    expect(gql.body.errors?.[0]?.extensions?.error?.name).toBe('ValidationError');

    const viaPanel = await panel.post(cm(ARTICLE), { title, slug });
    expectValidationError(viaPanel, /slug/);

    const sectionRes = await rest.post('/api/sections', { name: unique('Invalid slug section'), slug });
    expectValidationError(sectionRes, /slug/);

    expect(await snapshot(ARTICLE)).toEqual(before);
    expect(await sections().count({ filters: { name: { $startsWith: 'Invalid slug section' } } })).toBe(0);
  });

  test.each(INVALID)('%p is refused on update, and the stored article is unchanged', async (slug) => {
    const res = await rest.post('/api/articles', { title: unique('Valid article'), section: world.documentId });
    const documentId = res.body.data.documentId as string;
    const before = await snapshot(ARTICLE);

    const viaRest = await rest.put(`/api/articles/${documentId}`, { slug, title: 'Changed along with a bad slug' });
    expectValidationError(viaRest, /slug/);
    expect(errorPaths(errorOf(viaRest))).toEqual(['slug']);

    const viaScript = await rejectionOf(articles().update({ documentId, data: { slug } }));
    expect(viaScript.name).toBe('ValidationError');

    const viaPanel = await panel.put(cm(ARTICLE, `/${documentId}`), { slug });
    expectValidationError(viaPanel, /slug/);

    expect(await snapshot(ARTICLE)).toEqual(before);
  });

  test('100 characters is still a valid slug', async () => {
    const slug = `${'a'.repeat(49)}-${'b'.repeat(50)}`;
    expect(slug).toHaveLength(100);
    const res = await rest.post('/api/articles', { title: 'Longest address', slug, section: world.documentId });
    expect(res.status).toBe(201);
    expect(res.body.data.slug).toBe(slug);
  });
});

describe('an explicit slug must be free', () => {
  test('a slug taken by another article is refused on creation and on update, by every path', async () => {
    const owner = await rest.post('/api/articles', { title: 'First with this slug', slug: 'taken-slug', section: world.documentId });
    expect(owner.status).toBe(201);
    const other = await rest.post('/api/articles', { title: 'Another article', section: world.documentId });
    const otherId = other.body.data.documentId as string;
    const before = await snapshot(ARTICLE);

    const created = await rest.post('/api/articles', { title: 'Copycat', slug: 'taken-slug', section: world.documentId });
    expectValidationError(created, /taken-slug/);
    expect(errorPaths(errorOf(created))).toEqual(['slug']);

    const script = await rejectionOf(articles().create({ data: { title: 'Copycat', slug: 'taken-slug' } }));
    expect(script.name).toBe('ValidationError');

    const viaPanel = await panel.post(cm(ARTICLE), { title: 'Copycat', slug: 'taken-slug' });
    expectValidationError(viaPanel, /taken-slug/);

    const gql = await graphql('mutation ($data: ArticleInput!) { createArticle(data: $data) { slug } }', {
      data: { title: 'Copycat', slug: 'taken-slug', section: world.documentId },
    });
    expect(gql.body.errors?.[0]?.extensions?.error?.name).toBe('ValidationError');

    const updated = await rest.put(`/api/articles/${otherId}`, { slug: 'taken-slug' });
    expectValidationError(updated, /taken-slug/);
    const panelUpdate = await panel.put(cm(ARTICLE, `/${otherId}`), { slug: 'taken-slug' });
    expectValidationError(panelUpdate, /taken-slug/);

    expect(await snapshot(ARTICLE)).toEqual(before);
  });

  test('a slug held by a draft that was never published is taken too', async () => {
    await articles().create({ data: { title: 'Unpublished', slug: 'reserved-by-draft' } });
    const res = await rest.post('/api/articles', { title: 'Published rival', slug: 'reserved-by-draft', section: world.documentId });
    expectValidationError(res, /reserved-by-draft/);
  });

  test('a slug taken by another section is refused', async () => {
    await sections().create({ data: { name: 'Sport', slug: 'sport' } });
    const before = await snapshot(SECTION);
    const res = await rest.post('/api/sections', { name: 'Sports', slug: 'sport' });
    expectValidationError(res, /sport/);
    const renamed = await rest.put(`/api/sections/${String(world.documentId)}`, { slug: 'sport' });
    expectValidationError(renamed, /sport/);
    expect(await snapshot(SECTION)).toEqual(before);
  });

  test('articles and sections have separate slug spaces', async () => {
    const res = await rest.post('/api/articles', { title: 'World', section: world.documentId });
    expect(res.status).toBe(201);
    expect(res.body.data.slug).toBe('world');
  });
});

test('20 parallel REST creations with the same title get 20 distinct slugs', async () => {
  const title = 'Breaking: Parliament Dissolved';
  const responses = await Promise.all(Array.from({ length: 20 }, () => rest.post('/api/articles', { title, section: world.documentId })));
  expect(responses.map((res) => res.status)).toEqual(Array(20).fill(201));
  const slugs = responses.map((res) => res.body.data.slug as string);
  expect(new Set(slugs).size).toBe(20);
  expect([...slugs].sort()).toEqual(
    ['breaking-parliament-dissolved', ...Array.from({ length: 19 }, (_, i) => `breaking-parliament-dissolved-${i + 2}`)].sort(),
  );

  // And the database agrees: 20 documents, each with its own slug on both versions.
  const rows = await rowsOf(app, ARTICLE, { title });
  expect(rows).toHaveLength(40);
  expect(new Set(rows.map((row) => row.documentId)).size).toBe(20);
  expect(new Set(rows.map((row) => row.slug)).size).toBe(20);
});

describe('slugs per locale: each locale spells by its own convention, and a slug is unique within its locale only', () => {
  let welt: Row;
  const restIn = {
    post: (url: string, data: Row) => app.http().post(`${url}?locale=de`).set(bearer(token)).send({ data }),
    put: (url: string, data: Row) => app.http().put(`${url}?locale=de`).set(bearer(token)).send({ data }),
  };

  beforeAll(async () => {
    await addLocale(app.strapi, 'de');
    // The German version of section World: its slug is made from its German name.
    welt = (await sections().update({ documentId: world.documentId, locale: 'de', data: { name: 'Welt' } }))!;
  });

  test('the German version of a section gets a slug of its own, from its German name', () => {
    expect([welt.locale, welt.slug, welt.documentId]).toEqual(['de', 'welt', world.documentId]);
  });

  test('German titles transliterate the German way (ü → ue) by every path, numbered within German only; English keeps ü → u', async () => {
    const made: Record<string, string> = {};
    made['Document Service'] = String(
      (await articles().create({ locale: 'de', data: { title: 'Über Brücken', section: welt.documentId }, status: 'published' })).slug,
    );
    const viaRest = await restIn.post('/api/articles', { title: 'Über Brücken', section: welt.documentId });
    expect(viaRest.status).toBe(201);
    made['REST with an API token'] = viaRest.body.data.slug;
    const viaGraphql = await graphql('mutation ($data: ArticleInput!) { createArticle(data: $data, locale: "de") { slug locale } }', {
      data: { title: 'Über Brücken', section: welt.documentId },
    });
    expect(viaGraphql.body.errors).toBeUndefined();
    made['GraphQL createArticle'] = viaGraphql.body.data.createArticle.slug;
    const viaPanel = await panel.post(cm(ARTICLE, '?locale=de'), { title: 'Über Brücken' });
    expect(viaPanel.status).toBe(201);
    made['admin panel'] = viaPanel.body.data.slug;
    expect(made).toEqual({
      'Document Service': 'ueber-bruecken',
      'REST with an API token': 'ueber-bruecken-2',
      'GraphQL createArticle': 'ueber-bruecken-3',
      'admin panel': 'ueber-bruecken-4',
    });

    // English: the general rule, and the German slugs are no clash.
    const english = await articles().create({ data: { title: 'Über Brücken', section: world.documentId }, status: 'published' });
    expect(english.slug).toBe('uber-brucken');
    const zurichEn = await articles().create({ data: { title: 'Zürich Über Alles', section: world.documentId } });
    expect(zurichEn.slug).toMatch(/^zurich-uber-alles(-\d+)?$/);
    const zurichDe = await articles().create({ locale: 'de', data: { title: 'Zürich Über Alles', section: welt.documentId } });
    expect(zurichDe.slug).toBe('zuerich-ueber-alles');
    expect((await articles().findOne({ documentId: zurichEn.documentId }))?.slug).toBe(zurichEn.slug);
  });

  test('a translation gets its own slug from its own title; the original keeps its slug', async () => {
    const original = await articles().create({ data: { title: 'Bridges of Europe', section: world.documentId }, status: 'published' });
    const german = (await articles().update({ documentId: original.documentId, locale: 'de', data: { title: 'Brücken Europas', section: welt.documentId } }))!;
    expect([german.slug, german.locale, german.documentId]).toEqual(['bruecken-europas', 'de', original.documentId]);

    const viaRest = await restIn.put(`/api/articles/${String(original.documentId)}`, { title: 'Größere Brücken' });
    expect(viaRest.status).toBe(200);
    // A later title edit never changes the slug.
    expect(viaRest.body.data.slug).toBe('bruecken-europas');

    const second = await articles().create({ data: { title: 'Lakes of Europe', section: world.documentId }, status: 'published' });
    const viaRestTranslation = await restIn.put(`/api/articles/${String(second.documentId)}`, { title: 'Seen Europas – Übersicht', section: welt.documentId });
    expect(viaRestTranslation.status).toBe(200);
    expect(viaRestTranslation.body.data.slug).toBe('seen-europas-uebersicht');
    expect((await articles().findOne({ documentId: second.documentId }))?.slug).toBe('lakes-of-europe');
  });

  test('the same slug in two locales is accepted, by the same or another document; twice in one locale is refused', async () => {
    const english = await articles().create({ data: { title: 'Vienna summit', slug: 'wien-gipfel', section: world.documentId }, status: 'published' });
    // The document's own German version.
    const translation = (await articles().update({
      documentId: english.documentId,
      locale: 'de',
      data: { title: 'Wiener Gipfel', slug: 'wien-gipfel', section: welt.documentId },
      status: 'published',
    }))!;
    expect([translation.slug, translation.locale]).toEqual(['wien-gipfel', 'de']);

    // Another document: a German article may have a slug an English one has.
    await articles().create({ data: { title: 'Berlin', slug: 'shared-slug', section: world.documentId }, status: 'published' });
    const other = await restIn.post('/api/articles', { title: 'Berlin auf Deutsch', slug: 'shared-slug', section: welt.documentId });
    expect(other.status).toBe(201);
    expect(other.body.data.slug).toBe('shared-slug');
    // A generated slug is not numbered for a slug taken in English only.
    const generated = await articles().create({ locale: 'de', data: { title: 'Vienna summit', section: welt.documentId } });
    expect(generated.slug).toBe('vienna-summit');

    // Twice in German: refused by every path, nothing written.
    const before = await snapshot(ARTICLE);
    const viaRest = await restIn.post('/api/articles', { title: 'Copycat', slug: 'shared-slug', section: welt.documentId });
    expectValidationError(viaRest, /shared-slug/);
    expect(errorPaths(errorOf(viaRest))).toEqual(['slug']);
    const viaScript = await rejectionOf(articles().create({ locale: 'de', data: { title: 'Copycat', slug: 'wien-gipfel' } }));
    expect(viaScript.name).toBe('ValidationError');
    const viaPanel = await panel.post(cm(ARTICLE, '?locale=de'), { title: 'Copycat', slug: 'shared-slug' });
    expectValidationError(viaPanel, /shared-slug/);
    const renamed = await restIn.put(`/api/articles/${String(other.body.data.documentId)}`, { slug: 'wien-gipfel' });
    expectValidationError(renamed, /wien-gipfel/);
    expect(await snapshot(ARTICLE)).toEqual(before);

    // Sections alike: "Tennis" is the same word, and the same slug, in both languages.
    const tennis = await sections().create({ data: { name: 'Tennis' } });
    const tennisDe = (await sections().update({ documentId: tennis.documentId, locale: 'de', data: { name: 'Tennis' } }))!;
    expect([tennis.slug, tennisDe.slug, tennisDe.locale]).toEqual(['tennis', 'tennis', 'de']);
    const clash = await restIn.post('/api/sections', { name: 'Tennis (neu)', slug: 'tennis' });
    expectValidationError(clash, /tennis/);
  });

  test("the admin panel's generator and availability check work within the edited locale", async () => {
    const generate = (data: Row) => panel.post('/content-manager/uid/generate?locale=de', { contentTypeUID: ARTICLE, field: 'slug', data });
    const fresh = await generate({ title: 'Ärger über Köln' });
    expect(fresh.status).toBe(200);
    expect(fresh.body.data).toBe('aerger-ueber-koeln');

    await articles().create({ locale: 'de', data: { title: 'Ärger über Köln' } });
    expect((await generate({ title: 'Ärger über Köln' })).body.data).toBe('aerger-ueber-koeln-2');

    await articles().create({ data: { title: 'Only in English', slug: 'only-in-english' } });
    const check = (locale: string) =>
      panel.post(`/content-manager/uid/check-availability?locale=${locale}`, { contentTypeUID: ARTICLE, field: 'slug', value: 'only-in-english' });
    expect((await check('de')).body.isAvailable).toBe(true);
    expect((await check('en')).body.isAvailable).toBe(false);
  });
});
