/**
 * GET /api/search: ranked full-text search over published articles — ranking (title above body), filters
 * (section with its sub-sections, first publication from/to, pages), web-search syntax, snippets whose
 * every character is escaped but the marks, counts per section, and bad input answered 400.
 */
import { useApp } from '../harness/app';
import { SECTION } from '../harness/constants';
import { paragraphs, type SectionDoc } from '../harness/content';
import { searchIndexDrift } from '../../src/search/engine';

const app = useApp();
const search = (query: Record<string, string>) => app.http().get('/api/search').query(query);

interface Hit {
  documentId: string;
  slug: string;
  title: string;
  section: { documentId: string; slug: string; name: string } | null;
  publicationDate: string | null;
  lastUpdate: { datetime: string; formatted: string } | null;
  snippet: string;
}
interface Answer {
  data: Hit[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number }; sections: Array<{ slug: string; count: number }> };
}

async function found(query: Record<string, string>): Promise<Answer> {
  const res = await search(query);
  expect(res.status).toBe(200);
  return res.body as Answer;
}
const titles = (answer: Answer) => answer.data.map((hit) => hit.title);

async function subSection(name: string, parent: SectionDoc): Promise<SectionDoc> {
  const row = await app.strapi.documents(SECTION).create({ data: { name, parent: parent.documentId } as never });
  return { documentId: row.documentId, name: String(row.name), slug: String(row.slug) };
}

describe('GET /api/search', () => {
  it('ranks a match in the title above matches in the body, and returns each hit with its section, dates and a marked snippet', async () => {
    const world = await app.kit.section('Planet');
    await app.kit.article({ section: world, title: 'Harbour news of the week', body: paragraphs('The zanzibarite mentioned once, deep in the text.') });
    await app.kit.article({ section: world, title: 'Zanzibarite found near the coast', body: paragraphs('Geologists describe the find.') });
    const answer = await found({ q: 'zanzibarite' });
    expect(titles(answer)).toEqual(['Zanzibarite found near the coast', 'Harbour news of the week']);
    const [, bodyHit] = answer.data;
    expect(bodyHit.section).toEqual({ documentId: world.documentId, slug: world.slug, name: 'Planet' });
    expect(bodyHit.snippet).toContain('<mark>zanzibarite</mark>');
    expect(bodyHit.publicationDate).toEqual(expect.any(String));
    expect(bodyHit.lastUpdate?.formatted).toEqual(expect.any(String));
    expect(answer.meta.pagination).toEqual({ page: 1, pageSize: 10, pageCount: 1, total: 2 });
    expect(answer.meta.sections).toEqual([{ documentId: world.documentId, slug: world.slug, name: 'Planet', count: 2 }]);
  });

  it('reads a quoted "or" as a word, not as the operator, and a capital İ as i, on either database', async () => {
    const section = await app.kit.section('Words');
    await app.kit.article({ section, title: 'Tempestqx over the bay' });
    await app.kit.article({ section, title: 'Delugeqx in the valley' });
    await app.kit.article({ section, title: 'Ferries of İstanbulqx' });
    expect((await found({ q: 'tempestqx or delugeqx' })).meta.pagination.total).toBe(2);
    expect((await found({ q: 'tempestqx "or" delugeqx' })).meta.pagination.total).toBe(0);
    for (const q of ['İstanbulqx', 'istanbulqx', 'ISTANBULQX']) expect([q, titles(await found({ q }))]).toEqual([q, ['Ferries of İstanbulqx']]);
  });

  it('escapes everything in a snippet but its marks', async () => {
    await app.kit.article({
      section: await app.kit.section('Markup'),
      title: 'Markup story',
      body: paragraphs('<script>alert(1)</script> & "quotes" quokkaword'),
    });
    const [hit] = (await found({ q: 'quokkaword' })).data;
    expect(hit.snippet).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; <mark>quokkaword</mark>');
    expect(hit.snippet).toContain('<mark>quokkaword</mark>');
    expect(hit.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it('understands phrases, exclusions and or', async () => {
    const s = await app.kit.section('Syntax');
    await app.kit.article({ section: s, title: 'Alpha one', body: paragraphs('velvet thunder rolls over the plain') });
    await app.kit.article({ section: s, title: 'Alpha two', body: paragraphs('thunder and velvet are words here') });
    await app.kit.article({ section: s, title: 'Alpha three', body: paragraphs('only crimsonite appears') });
    expect(titles(await found({ q: '"velvet thunder"' }))).toEqual(['Alpha one']);
    expect(titles(await found({ q: 'velvet thunder' })).sort()).toEqual(['Alpha one', 'Alpha two']);
    expect(titles(await found({ q: 'velvet -rolls' }))).toEqual(['Alpha two']);
    expect(titles(await found({ q: 'crimsonite or rolls' })).sort()).toEqual(['Alpha one', 'Alpha three']);
    // An unclosed quote runs to the end.
    expect(titles(await found({ q: '"velvet thunder' }))).toEqual(['Alpha one']);
  });

  it('never finds a draft, an unpublished article or the draft words of a published one', async () => {
    const s = await app.kit.section('Hidden');
    await app.kit.article({ section: s, title: 'Draft only', body: paragraphs('secretdraftword'), status: 'draft' });
    const gone = await app.kit.article({ section: s, title: 'Pulled story', body: paragraphs('pulledword') });
    expect((await found({ q: 'pulledword' })).meta.pagination.total).toBe(1);
    await app.kit.unpublish('api::article.article', gone.documentId);
    const live = await app.kit.article({ section: s, title: 'Live story', body: paragraphs('liveword') });
    await app.kit.saveDraft(live.documentId, { body: paragraphs('liveword draftedit') });
    for (const q of ['secretdraftword', 'pulledword', 'draftedit']) {
      const answer = await found({ q });
      expect(answer.data).toEqual([]);
      expect(answer.meta.pagination.total).toBe(0);
      expect(answer.meta.sections).toEqual([]);
    }
    await app.kit.publish('api::article.article', live.documentId);
    expect(titles(await found({ q: 'draftedit' }))).toEqual(['Live story']);
    // Every entry matches its published row: nothing for the next start to repair.
    expect(await searchIndexDrift(app.strapi)).toEqual({ missing: [], orphaned: [] });
  });

  it('finds words of any script and keeps a quoted "or" a word, alike on both databases', async () => {
    const s = await app.kit.section('Scripts');
    await app.kit.article({ section: s, title: 'हिन्दी समाचार', body: paragraphs('Devanagari words with vowel signs.') });
    await app.kit.article({ section: s, title: 'İstanbul ferry', body: paragraphs('Crossing the Bosphorus.') });
    await app.kit.article({ section: s, title: 'Either way', body: paragraphs('stormword or floodword') });
    await app.kit.article({ section: s, title: 'Only one', body: paragraphs('stormword alone') });
    expect(titles(await found({ q: 'हिन्दी' }))).toEqual(['हिन्दी समाचार']);
    expect(titles(await found({ q: 'İstanbul' }))).toEqual(['İstanbul ferry']);
    expect(titles(await found({ q: 'stormword "or" floodword' }))).toEqual(['Either way']);
    expect(titles(await found({ q: 'stormword or floodword' })).sort()).toEqual(['Either way', 'Only one']);
  });

  it('keeps markup in the text: found, and shown escaped in the snippet', async () => {
    await app.kit.article({ section: await app.kit.section('Tags'), title: 'Tag story', body: paragraphs('write <b>boldword</b> for bold') });
    const [hit] = (await found({ q: 'boldword' })).data;
    expect(hit.snippet).toContain('&lt;b&gt;<mark>boldword</mark>&lt;/b&gt;');
  });

  it('finds nothing for stop words alone on PostgreSQL, even with an excluded word', async () => {
    if (app.strapi.db.dialect.client !== 'postgres') return; // SQLite has no stop words: "the" is a word there
    await app.kit.article({ section: await app.kit.section('Stops'), title: 'The the the', body: paragraphs('the and of') });
    const answer = await found({ q: 'the -zebraword' });
    expect(answer.meta.pagination.total).toBe(0);
  });

  it('filters by section (its sub-sections included), by first publication and pages through the hits', async () => {
    const europe = await app.kit.section('Continent');
    const north = await subSection('Northland', europe);
    const other = await app.kit.section('Elsewhere');
    await app.kit.article({ section: europe, title: 'Filterword Alpha', publicationDate: '2020-01-10T10:00:00.000Z' });
    await app.kit.article({ section: north, title: 'Filterword Beta', publicationDate: '2021-06-01T10:00:00.000Z' });
    await app.kit.article({ section: other, title: 'Filterword Gamma', publicationDate: '2022-03-03T10:00:00.000Z' });
    expect(titles(await found({ q: 'filterword', section: europe.slug })).sort()).toEqual(['Filterword Alpha', 'Filterword Beta']);
    expect(titles(await found({ q: 'filterword', section: north.slug }))).toEqual(['Filterword Beta']);
    expect(titles(await found({ q: 'filterword', from: '2021-06-01', to: '2021-06-01' }))).toEqual(['Filterword Beta']);
    expect(titles(await found({ q: 'filterword', from: '2021-01-01' })).sort()).toEqual(['Filterword Beta', 'Filterword Gamma']);
    const all = await found({ q: 'filterword' });
    expect(all.meta.sections.map((entry) => [entry.slug, entry.count]).sort()).toEqual(
      [
        [europe.slug, 1],
        [other.slug, 1],
        [north.slug, 1],
      ].sort(),
    );
    const page2 = await found({ q: 'filterword', pageSize: '2', page: '2' });
    expect(page2.meta.pagination).toEqual({ page: 2, pageSize: 2, pageCount: 2, total: 3 });
    expect(page2.data).toHaveLength(1);
    // Ties in rank come newest first.
    expect(titles(all)).toEqual(['Filterword Gamma', 'Filterword Beta', 'Filterword Alpha']);
  });

  it.each([
    [{ q: '' }, 'q'],
    [{}, 'q'],
    [{ q: 'a'.repeat(201) }, 'q'],
    [{ q: '-only -excluded' }, 'q'],
    [{ q: 'or' }, 'q'],
    [{ q: '"" - !!! ""' }, 'q'],
    [{ q: 'bad\u0001char' }, 'q'],
    [{ q: 'ok', pageSize: '51' }, 'pageSize'],
    [{ q: 'ok', page: '0' }, 'page'],
    [{ q: 'ok', page: '1000' }, 'page'],
    [{ q: 'ok', from: '2021-02-30' }, 'from'],
    [{ q: 'ok', from: '2016-02-30T10:00Z' }, 'from'],
    [{ q: 'ok', to: '2016-05-17T24:00Z' }, 'to'],
    [{ q: 'ok', from: '0050-01-01' }, 'from'],
    [{ q: 'ok', to: 'yesterday' }, 'to'],
    [{ q: 'ok', from: '2022-01-02', to: '2022-01-01' }, 'to'],
    [{ q: 'ok', section: 'no-such-section' }, 'section'],
    [{ q: 'ok', sort: 'title' }, 'sort'],
  ])('answers 400 naming the parameter for %j', async (query, param) => {
    const res = await search(query);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    expect(res.body.error.message).toContain(param);
  });

  it.each(['NEAR(a b)', 'title:foo', 'foo*', '^foo', 'a AND OR b', '(((', 'foo:', '"unbalanced', 'x -', '\\', "'", '&|!:*'])(
    'answers engine syntax %j with 200 or 400, never 500',
    async (q) => {
      const res = await search({ q });
      expect([200, 400]).toContain(res.status);
    },
  );
});

describe('GraphQL search', () => {
  const gql = (query: string, variables: Record<string, unknown>) => app.http().post('/graphql').send({ query, variables });
  const SEARCH = `query ($q: String!, $section: String, $from: String, $to: String, $pagination: PaginationArg) {
    search(q: $q, section: $section, from: $from, to: $to, pagination: $pagination) {
      data { documentId slug title section { documentId slug name } publicationDate lastUpdate { datetime formatted label timeZone } snippet }
      pagination { page pageSize pageCount total }
      sections { documentId slug name count }
    }
  }`;

  it('answers with the same values as REST', async () => {
    const desk = await app.kit.section('Graphdesk');
    for (const title of ['Graphword one', 'Graphword two', 'Graphword three']) {
      await app.kit.article({ section: desk, title, body: paragraphs(`Body of ${title} with <b>markup</b>.`) });
    }
    const rest = await found({ q: 'graphword', section: desk.slug, pageSize: '2', page: '2' });
    const res = await gql(SEARCH, { q: 'graphword', section: desk.slug, pagination: { page: 2, pageSize: 2 } });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const { search: answer } = res.body.data;
    expect(answer.data).toEqual(rest.data);
    expect(answer.pagination).toEqual(rest.meta.pagination);
    expect(answer.sections).toEqual(rest.meta.sections);
    expect(answer.pagination.total).toBe(3);
  });

  it.each([
    [{ q: '' }, 'q'],
    [{ q: 'x', pagination: { pageSize: 51 } }, 'pageSize'],
    [{ q: 'x', pagination: { start: 0, limit: 5 } }, 'pagination'],
    [{ q: 'x', from: 'not a date' }, 'from'],
  ])('refuses %j with a validation error naming the parameter', async (variables, param) => {
    const res = await gql(SEARCH, variables);
    expect(res.body.data?.search ?? null).toBeNull();
    expect(res.body.errors[0].message).toContain(param);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
