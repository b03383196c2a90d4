/**
 * The reader API over GraphQL (`POST /graphql`): `articleBySlug`, `Article.lastUpdate`,
 * `Article.moreFrom(limit)`, `Section.moreFrom(exclude, limit)` give the same values as REST,
 * reject bad limits as BAD_USER_INPUT, and never expose drafts to an anonymous client.
 */
import { useApp } from '../harness/app';
import { paragraphs, type ArticleDoc, type SectionDoc } from '../harness/content';
import { daysFromNow } from '../harness/time';
import { REFERENCE_SLUG, DEFAULT_MORE_FROM_LIMIT, MORE_FROM_LIMIT_MIN, MORE_FROM_LIMIT_MAX } from '../harness/constants';

const app = useApp({ seed: true });

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely; the assertions check their shape

async function graphql(query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; data: Json | null; errors?: Json[] }> {
  const res = await app.http().post('/graphql').set('Content-Type', 'application/json').send({ query, variables });
  return { status: res.status, data: res.body.data ?? null, errors: res.body.errors };
}

async function graphqlData(query: string, variables: Record<string, unknown> = {}): Promise<Json> {
  const res = await graphql(query, variables);
  expect(res.errors).toBeUndefined();
  expect(res.status).toBe(200);
  return res.data as Json;
}

const MORE_FROM = `
  title
  section { name slug }
  items {
    documentId slug headline summary publishedAt
    section { name slug }
    image { url alternativeText caption width height mime formats { name url width height } }
  }`;

const UPLOAD = 'url alternativeText caption width height mime formats';

/** Every field of the REST page (GET /api/articles/by-slug/:slug), and two stock fields of `Article`. */
const ARTICLE_BY_SLUG = `
  query Page($slug: String!, $limit: Int) {
    articleBySlug(slug: $slug) {
      documentId locale title slug byline body publishedAt publicationDate createdAt updatedAt
      alternates { locale slug url }
      section { name slug }
      cover { ${UPLOAD} }
      seo { metaTitle metaDescription shareImage { ${UPLOAD} } }
      lastUpdate { datetime formatted label timeZone }
      corrections { at text }
      moreFrom(limit: $limit) { ${MORE_FROM} }
    }
  }`;

const SECTION_MORE_FROM = `
  query List($slug: String!, $exclude: String, $limit: Int) {
    sections(filters: { slug: { eq: $slug } }) { slug moreFrom(exclude: $exclude, limit: $limit) { ${MORE_FROM} } }
  }`;

/** REST's image (formats keyed by name) in GraphQL's shape (formats as a list of named entries). */
function restImageAsGraphql(image: Json | null): Json | null {
  if (!image) return null;
  const formats = Object.entries((image.formats ?? {}) as Record<string, Json>)
    .map(([name, format]) => ({ name, url: format.url, width: format.width, height: format.height }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { ...image, formats };
}

function restMoreFromAsGraphql(moreFrom: Json): Json {
  return { ...moreFrom, items: (moreFrom.items as Json[]).map((item) => ({ ...item, image: restImageAsGraphql(item.image) })) };
}

function sortFormats(moreFrom: Json): Json {
  return {
    ...moreFrom,
    items: (moreFrom.items as Json[]).map((item) => ({
      ...item,
      image: item.image ? { ...item.image, formats: [...item.image.formats].sort((a: Json, b: Json) => a.name.localeCompare(b.name)) } : null,
    })),
  };
}

/** Strapi's own upload type (all formats, every field of each) in the REST page's image shape. */
function uploadAsRest(file: Json | null): Json | null {
  if (!file) return null;
  const formats = file.formats
    ? Object.fromEntries(
        Object.entries(file.formats as Record<string, Json>).map(([name, f]) => [name, { url: f.url, width: f.width ?? null, height: f.height ?? null }]),
      )
    : null;
  return { ...file, formats };
}

/** GraphQL's `articleBySlug` answer as the REST page it must equal, whole (the stock timestamps left aside). */
function graphqlPageAsRest(gql: Json): Json {
  const { cover, seo, moreFrom, createdAt: _createdAt, updatedAt: _updatedAt, ...page } = gql;
  return { ...page, cover: uploadAsRest(cover), seo: seo && { ...seo, shareImage: uploadAsRest(seo.shareImage) }, moreFrom: sortFormats(moreFrom) };
}

/** The REST page as GraphQL's `Article` has it: the structured data (JSON-LD for the page's head) is REST's only. */
const restPageAsGraphql = ({ structuredData: _structuredData, ...rest }: Json): Json => ({ ...rest, moreFrom: restMoreFromAsGraphql(rest.moreFrom) });

async function restPage(slug: string, query = ''): Promise<Json> {
  const res = await app.http().get(`/api/articles/by-slug/${slug}${query}`);
  expect(res.status).toBe(200);
  return res.body.data;
}

/** A section whose list mixes teasers (with and without overrides and images) and latest articles. */
async function mixedSection(): Promise<{ section: SectionDoc; articles: ArticleDoc[] }> {
  const section = await app.kit.section();
  const cover = await app.kit.image('cover');
  const picture = await app.kit.image('teaser');
  const articles: ArticleDoc[] = [];
  for (let i = 0; i < 7; i += 1) {
    articles.push(
      await app.kit.article({
        section,
        title: `${section.name} item ${i}`,
        body: paragraphs(`Paragraph ${i}: ${'a long sentence that goes on and on '.repeat(5)}`),
        publicationDate: daysFromNow(i - 10),
        ...(i % 2 ? { cover } : {}),
        ...(i === 3 ? { lastUpdatedAt: '2019-10-27T01:30:00.000Z' } : {}),
      }),
    );
  }
  await app.kit.teaser({ article: articles[1], section, headline: 'Teaser headline', summary: 'Teaser summary', image: picture, position: 0 });
  await app.kit.teaser({ article: articles[2], section: null, position: 1 });
  await app.kit.teaser({ article: articles[5], section, image: picture, position: 1, endsAt: daysFromNow(1) });
  return { section, articles };
}

describe('parity with REST', () => {
  it('gives the reference article the same lastUpdate and More from list as REST', async () => {
    const rest = await restPage(REFERENCE_SLUG);
    const data = await graphqlData(ARTICLE_BY_SLUG, { slug: REFERENCE_SLUG });
    const gql = data.articleBySlug;
    expect(graphqlPageAsRest(gql)).toEqual(restPageAsGraphql(rest));
    expect(gql.seo).toEqual(expect.objectContaining({ metaTitle: expect.any(String) }));
    expect(gql.lastUpdate.label).toBe('Last update: Tue, 17/05/2016 - 19:42');
    // The stock fields of `Article` are there too, as the stock REST API gives them.
    const stock = (await app.http().get(`/api/articles/${rest.documentId}`)).body.data;
    expect({ createdAt: gql.createdAt, updatedAt: gql.updatedAt }).toEqual({ createdAt: stock.createdAt, updatedAt: stock.updatedAt });
    expect(gql.moreFrom.title).toBe('More from World');
    expect(gql.moreFrom.items).toHaveLength(DEFAULT_MORE_FROM_LIMIT);
  });

  it('agrees with REST on the whole page and every field of every item, for each article and limit', async () => {
    const { articles } = await mixedSection();
    for (const article of [articles[0], articles[1], articles[3], articles[6]]) {
      for (const limit of [undefined, 1, 3, 20]) {
        const rest = await restPage(article.slug, limit === undefined ? '' : `?moreFromLimit=${limit}`);
        const gql = (await graphqlData(ARTICLE_BY_SLUG, { slug: article.slug, limit })).articleBySlug;
        expect(graphqlPageAsRest(gql)).toEqual(restPageAsGraphql(rest));
        expect(gql.moreFrom.items).toHaveLength(Math.min(limit ?? DEFAULT_MORE_FROM_LIMIT, 6));
      }
    }
    // The images really are there to compare (a teaser image and covers).
    const full = (await graphqlData(ARTICLE_BY_SLUG, { slug: articles[0].slug, limit: 20 })).articleBySlug.moreFrom;
    expect(full.items.filter((item: Json) => item.image).length).toBeGreaterThanOrEqual(3);
    expect(full.items[0].headline).toBe('Teaser headline');
    expect(full.items[0].image.formats).toEqual([expect.objectContaining({ name: 'thumbnail', width: 245, height: 138 })]);
  });

  it('gives Section.moreFrom the same list as GET /api/sections/:slug/more-from', async () => {
    const { section, articles } = await mixedSection();
    for (const [exclude, limit] of [
      [undefined, undefined],
      [articles[1].slug, undefined],
      [articles[6].slug, 2],
      ['no-such-article', 20],
    ] as const) {
      const query = new URLSearchParams();
      if (exclude) query.set('exclude', exclude);
      if (limit) query.set('limit', String(limit));
      const rest = await app.http().get(`/api/sections/${section.slug}/more-from?${query.toString()}`);
      expect(rest.status).toBe(200);
      const data = await graphqlData(SECTION_MORE_FROM, { slug: section.slug, exclude, limit });
      expect(data.sections).toHaveLength(1);
      // REST's list says its locale; GraphQL's is the section's own `locale`.
      const { locale, ...list } = rest.body.data as Json;
      expect(locale).toBe('en');
      expect(sortFormats(data.sections[0].moreFrom)).toEqual(restMoreFromAsGraphql(list));
      if (exclude === articles[1].slug) expect(data.sections[0].moreFrom.items.map((item: Json) => item.slug)).not.toContain(articles[1].slug);
    }
  });

  it('gives Article.lastUpdate and Article.moreFrom on the core queries too', async () => {
    const { section, articles } = await mixedSection();
    const data = await graphqlData(
      `query Core($section: String!, $id: ID!) {
        articles(filters: { section: { slug: { eq: $section } } }, sort: "publicationDate:desc") { documentId lastUpdate { datetime formatted label timeZone } moreFrom(limit: 2) { ${MORE_FROM} } }
        article(documentId: $id) { documentId lastUpdate { label } }
      }`,
      { section: section.slug, id: articles[3].documentId },
    );
    expect(data.articles.map((a: Json) => a.documentId)).toEqual([...articles].reverse().map((a) => a.documentId));
    for (const article of data.articles as Json[]) {
      const rest = await app.http().get(`/api/articles/${article.documentId}`);
      expect(article.lastUpdate).toEqual(rest.body.data.lastUpdate);
      const page = await restPage(rest.body.data.slug, '?moreFromLimit=2');
      expect(sortFormats(article.moreFrom)).toEqual(restMoreFromAsGraphql(page.moreFrom));
    }
    expect(data.article.lastUpdate.label).toBe('Last update: Sun, 27/10/2019 - 01:30');
  });

  it('answers null for an unknown slug', async () => {
    const data = await graphqlData(ARTICLE_BY_SLUG, { slug: 'no-such-article' });
    expect(data.articleBySlug).toBeNull();
  });
});

describe('validation', () => {
  const ARTICLE_LIMIT_LITERAL = (limit: string) => `{ articleBySlug(slug: "${REFERENCE_SLUG}") { title moreFrom(limit: ${limit}) { title } } }`;
  const SECTION_LIMIT_LITERAL = (limit: string) => `{ sections(filters: { slug: { eq: "world" } }) { moreFrom(limit: ${limit}) { title } } }`;

  it.each(['0', '-1', '21', '1000000000'])('rejects limit %s with BAD_USER_INPUT on both fields', async (limit) => {
    for (const query of [ARTICLE_LIMIT_LITERAL(limit), SECTION_LIMIT_LITERAL(limit)]) {
      const res = await graphql(query);
      expect(res.errors?.length).toBeGreaterThan(0);
      for (const error of res.errors ?? []) {
        expect(error.extensions.code).toBe('BAD_USER_INPUT');
        expect(error.path).toContain('moreFrom');
        expect(error.message).toMatch(/limit/);
      }
      expect(JSON.stringify(res.data)).not.toContain('More from');
    }
    // Also as a variable.
    const res = await graphql(ARTICLE_BY_SLUG, { slug: REFERENCE_SLUG, limit: Number(limit) });
    expect(res.errors?.map((error) => error.extensions.code)).toEqual(['BAD_USER_INPUT']);
  });

  it.each([
    ['2.5', 2.5],
    ['"abc"', 'abc'],
    ['[1]', [1]],
    ['{"a":1}', { a: 1 }],
    ['1e10', 1e10],
  ])('rejects a limit variable of %s with BAD_USER_INPUT', async (_label, limit) => {
    const res = await graphql(ARTICLE_BY_SLUG, { slug: REFERENCE_SLUG, limit });
    expect(res.errors?.length).toBeGreaterThan(0);
    for (const error of res.errors ?? []) expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(res.data?.articleBySlug ?? null).toBeNull();
  });

  it('accepts limits 1 and 20', async () => {
    for (const limit of [MORE_FROM_LIMIT_MIN, MORE_FROM_LIMIT_MAX]) {
      const data = await graphqlData(ARTICLE_BY_SLUG, { slug: REFERENCE_SLUG, limit });
      expect(data.articleBySlug.moreFrom.items.length).toBe(Math.min(limit, 7));
    }
  });
});

describe('drafts', () => {
  it('are not reachable anonymously, not even with status: DRAFT', async () => {
    const section = await app.kit.section();
    const [published] = [await app.kit.article({ section, title: 'Published story', publicationDate: daysFromNow(-1) })];
    const draft = await app.kit.article({ section, title: 'Secret draft', status: 'draft', publicationDate: daysFromNow(0) });
    await app.kit.saveDraft(published.documentId, { title: 'Unpublished edit' });

    const data = await graphqlData(
      `query Drafts($draftSlug: String!, $section: String!, $draftId: ID!, $editedId: ID!) {
        bySlug: articles(status: DRAFT, filters: { slug: { eq: $draftSlug } }) { documentId title }
        inSection: articles(status: DRAFT, filters: { section: { slug: { eq: $section } } }) { documentId title }
        draft: article(documentId: $draftId, status: DRAFT) { title }
        edited: article(documentId: $editedId, status: DRAFT) { title }
        page: articleBySlug(slug: $draftSlug) { title }
        list: sections(filters: { slug: { eq: $section } }) { moreFrom(limit: 20) { items { headline } } }
      }`,
      { draftSlug: draft.slug, section: section.slug, draftId: draft.documentId, editedId: published.documentId },
    );
    expect(data.bySlug).toEqual([]);
    expect(data.inSection).toEqual([{ documentId: published.documentId, title: 'Published story' }]);
    expect(data.draft).toBeNull();
    expect(data.edited).toEqual({ title: 'Published story' });
    expect(data.page).toBeNull();
    expect(data.list[0].moreFrom.items).toEqual([{ headline: 'Published story' }]);
    expect(JSON.stringify(data)).not.toMatch(/Secret draft|Unpublished edit/);
  });
});
