/**
 * The reader query contract (src/query-contract), over HTTP: every request issue 11 lists under "One GET
 * stops the server", "sort through relations", "A bare id filter" and "500s from hostile filters", in its
 * REST and GraphQL forms, is a 4xx in Strapi's error format, answered within 2 s, and `/_health` still
 * answers 204 afterwards. Requests inside the contract still get their correct answer.
 */
import { useApp } from '../harness/app';
import { contentKit, type ArticleDoc, type SectionDoc } from '../harness/content';
import { daysFromNow } from '../harness/time';
import { ARTICLE, TEASER } from '../harness/constants';

const app = useApp();
let world: SectionDoc;
let business: SectionDoc;
let story: ArticleDoc;
let other: ArticleDoc;
/** Row ids of hidden content: a never-published draft and a teaser whose window has not opened. */
let draftRowId: number;
let futureTeaserRowId: number;

const DRAFT_TITLE = 'Zzz embargoed draft that must not move anything';

interface RefusedCase {
  name: string;
  /** REST path and query as sent on the wire, or a GraphQL document. */
  rest?: () => string;
  graphql?: string;
  /** Part of the error message: the parameter path it names. */
  names?: string;
}

const SECTION_CHAIN = (pairs: number) => Array.from({ length: pairs }, () => 'section.articles').join('.');
const BRACKET_CHAIN = (levels: number) => {
  let path = 'populate';
  for (let index = 0; index < levels; index += 1) path += index % 2 === 0 ? '[section][populate]' : '[articles][populate]';
  return `${path}=section`;
};
const OPERATORS_ON_RELATION = ['$in][0', '$eq', '$ne', '$null', '$notNull', '$gt', '$contains', '$notIn][0', '$lt', '$startsWith'];

const REFUSED: RefusedCase[] = [
  // One GET stops the server.
  { name: 'dotted populate of 10 segments', rest: () => `/api/articles?populate=${SECTION_CHAIN(5)}`, names: 'populate.section.articles' },
  { name: 'dotted populate of 14 segments', rest: () => `/api/articles?populate=${SECTION_CHAIN(7)}`, names: 'populate.section.articles' },
  { name: 'dotted populate of 40 segments', rest: () => `/api/articles?populate=${SECTION_CHAIN(20)}` },
  { name: 'bracket populate 9 levels deep', rest: () => `/api/articles?${BRACKET_CHAIN(9)}` },
  { name: 'indexed dotted populate', rest: () => `/api/articles?populate[0]=${SECTION_CHAIN(5)}` },
  {
    name: 'three relation levels',
    rest: () => '/api/sections?populate[teasers][populate][article][populate]=section',
    names: 'populate.teasers.article.section',
  },
  { name: 'a relation followed back the way it came', rest: () => '/api/articles?populate[section][populate]=articles', names: 'populate.section.articles' },
  { name: 'nested *', rest: () => '/api/articles?populate[section][populate]=*', names: 'populate.section.*' },
  {
    name: 'more than 8 populated attributes',
    rest: () => '/api/articles?populate=section.parent,section.children,section.teasers,cover,seo.shareImage,teasers.section',
  },
  // sort through relations.
  { name: 'sections sort=articles.title:asc', rest: () => '/api/sections?sort=articles.title:asc', names: 'sort[0]' },
  { name: 'sections sort=articles.updatedAt:desc', rest: () => '/api/sections?sort=articles.updatedAt:desc', names: 'sort[0]' },
  { name: 'articles sort=teasers.startsAt:desc', rest: () => '/api/articles?sort=teasers.startsAt:desc', names: 'sort[0]' },
  { name: 'articles sort[0][section]=asc', rest: () => '/api/articles?sort[0][section]=asc' },
  { name: 'articles sort=section.name', rest: () => '/api/articles?sort=section.name' },
  { name: 'GraphQL sections(sort: "articles.title:asc")', graphql: '{ sections(sort: "articles.title:asc") { slug } }', names: 'sort[0]' },
  {
    name: 'GraphQL nested articles(sort: "teasers.headline:asc")',
    graphql: '{ sections { slug articles(sort: "teasers.headline:asc") { slug } } }',
    names: 'sort[0]',
  },
  {
    name: 'GraphQL articles(sort: ["title:asc", "section.name:asc"])',
    graphql: '{ articles(sort: ["title:asc", "section.name:asc"]) { slug } }',
    names: 'sort[1]',
  },
  {
    name: 'populate[articles][sort]=teasers.headline:asc',
    rest: () => '/api/sections?populate[articles][sort]=teasers.headline:asc',
    names: 'populate.articles.sort[0]',
  },
  { name: 'populate[section][sort]=articles.title', rest: () => '/api/articles?populate[section][sort]=articles.title', names: 'populate.section.sort[0]' },
  // A bare id filter on a relation.
  { name: 'sections filters[articles]=<draft row id>', rest: () => `/api/sections?filters[articles]=${draftRowId}`, names: 'filters.articles' },
  { name: 'sections filters[articles][0]=<draft row id>', rest: () => `/api/sections?filters[articles][0]=${draftRowId}`, names: 'filters.articles' },
  {
    name: 'sections filters[$or][0][articles]=<draft row id>',
    rest: () => `/api/sections?filters[$or][0][articles]=${draftRowId}&filters[$or][1][slug]=none`,
    names: 'filters.$or[0].articles',
  },
  { name: 'articles filters[teasers]=<future teaser row id>', rest: () => `/api/articles?filters[teasers]=${futureTeaserRowId}`, names: 'filters.teasers' },
  {
    name: 'articles filters[teasers][id]=<future teaser row id>',
    rest: () => `/api/articles?filters[teasers][id][$eq]=${futureTeaserRowId}`,
    names: 'filters.teasers.id',
  },
  // 500s from hostile filters.
  ...OPERATORS_ON_RELATION.map((op) => ({
    name: `sections filters[articles][${op}]=1`,
    rest: () => `/api/sections?filters[articles][${op}]=1`,
    names: 'filters.articles',
  })),
  { name: 'articles filters[teasers][$null]=false', rest: () => '/api/articles?filters[teasers][$null]=false', names: 'filters.teasers' },
  { name: 'filters[$and]=1', rest: () => '/api/articles?filters[$and]=1', names: 'filters.$and' },
  { name: 'filters[$or][slug]=a', rest: () => '/api/articles?filters[$or][slug]=a', names: 'filters.$or' },
  { name: 'filters[$not]=1', rest: () => '/api/articles?filters[$not]=1', names: 'filters.$not' },
  { name: 'filters[slug][$between]=a', rest: () => '/api/articles?filters[slug][$between]=a', names: 'filters.slug.$between' },
  { name: 'teasers filters[position][$gt]=abc', rest: () => '/api/teasers?filters[position][$gt]=abc', names: 'filters.position.$gt' },
  {
    name: 'filters[publicationDate][$between]=a',
    rest: () => '/api/articles?filters[publicationDate][$between][0]=a&filters[publicationDate][$between][1]=b',
    names: 'filters.publicationDate.$between[0]',
  },
  { name: 'filters[scheduledAt] (private)', rest: () => '/api/articles?filters[scheduledAt][$null]=false', names: 'filters.scheduledAt' },
  { name: 'sort=scheduledAt (private)', rest: () => '/api/articles?sort=scheduledAt:desc', names: 'sort[0]' },
  {
    name: 'fields[0]=__proto__ (found by the fuzzer: a 500 from the database)',
    rest: () => '/api/sections/0?fields[0]=__proto__&fields[1]=name',
    names: 'fields[0]',
  },
  {
    name: '$not inside a relation (found by the fuzzer: a 500 from the query builder)',
    rest: () => '/api/articles?filters[section][$not][name]=',
    names: 'filters.section.$not',
  },
  {
    name: 'GraphQL not inside a relation',
    graphql: '{ articles(filters: { section: { not: { name: { eq: "x" } } } }) { slug } }',
    names: 'filters.section.$not',
  },
  { name: 'fields[0]=constructor', rest: () => '/api/articles?fields[0]=constructor', names: 'fields[0]' },
  { name: 'fields[0]=scheduledAt (private)', rest: () => '/api/articles?fields[0]=scheduledAt', names: 'fields[0]' },
  {
    name: 'filters[slug][$in] with 101 values',
    rest: () => `/api/articles?${Array.from({ length: 101 }, (_, i) => `filters[slug][$in][${i}]=s${i}`).join('&')}`,
  },
  {
    name: 'filters back the way they came (articles.section.articles: minutes of joins)',
    rest: () => '/api/articles?filters[section][articles][title][$containsi]=zzz',
    names: 'filters.section.articles',
  },
  {
    name: 'filters through a to-many relation after the first step',
    rest: () => '/api/teasers?filters[section][articles][title][$containsi]=zzz',
    names: 'filters.section.articles',
  },
  {
    name: 'filters through two to-many relations',
    rest: () => '/api/sections?filters[articles][teasers][headline][$containsi]=zzz',
    names: 'filters.articles.teasers',
  },
  {
    name: 'two conditions through a to-many relation (each a join of its own)',
    rest: () => '/api/sections?filters[$or][0][articles][title][$containsi]=a&filters[$or][1][articles][slug][$containsi]=b',
    names: 'filters.$or[1].articles',
  },
  {
    name: '20 conditions through two relations each (SQLite: "at most 64 tables in a join", a 500)',
    rest: () => `/api/articles?${Array.from({ length: 20 }, (_, i) => `filters[$or][${i}][section][parent][name][$containsi]=x${i}`).join('&')}`,
    names: 'filters.$or[4].section',
  },
  { name: 'filters 3 relations deep', rest: () => '/api/articles?filters[section][parent][parent][slug][$eq]=x', names: 'filters.section.parent.parent' },
  { name: '$and nested 5 deep', rest: () => '/api/articles?filters[$and][0][$and][0][$and][0][$and][0][$and][0][slug][$eq]=a' },
  { name: 'filters[$eqx] at the top', rest: () => '/api/articles?filters[$eq]=1', names: 'filters.$eq' },
  { name: 'findOne with filters', rest: () => `/api/articles/${story.documentId}?filters[slug][$eq]=x` },
  {
    name: 'GraphQL filters through a relation with a malformed $between',
    graphql: '{ sections(filters: { articles: { title: { between: ["a"] } } }) { slug } }',
    names: 'filters.articles.title.$between',
  },
  {
    name: 'GraphQL nested teasers(filters: { headline: { between: [three values] } })',
    graphql: '{ articles { teasers(filters: { headline: { between: ["a", "b", "c"] } }) { headline } } }',
    names: 'Article.teasers',
  },
  {
    name: 'GraphQL filters 3 relations deep',
    graphql: '{ articles(filters: { section: { parent: { parent: { slug: { eq: "x" } } } } }) { slug } }',
    names: 'filters.section.parent.parent',
  },
  {
    name: 'GraphQL filters back the way they came',
    graphql: '{ articles(filters: { section: { articles: { title: { containsi: "x" } } } }) { slug } }',
    names: 'filters.section.articles',
  },
  { name: 'GraphQL sort through a variable', graphql: 'query ($s: [String]) { sections(sort: $s) { slug } }', names: 'sort[0]' },
  {
    name: 'GraphQL sort in a fragment',
    graphql: '{ sections { ...S } } fragment S on Section { articles(sort: "section.name:asc") { slug } }',
    names: 'sort[0]',
  },
];

const VARIABLES: Record<string, Record<string, unknown>> = {
  'GraphQL sort through a variable': { s: ['articles.title:asc'] },
};

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

async function expectHealthy() {
  const health = await app.http().get('/_health');
  expect(health.status).toBe(204);
}

beforeAll(async () => {
  const kit = contentKit(app.strapi);
  world = await kit.section('World');
  business = await kit.section('Business');
  story = await kit.article({ title: 'Vienna talks resume', section: world, publicationDate: daysFromNow(-1) });
  other = await kit.article({ title: 'Markets rally', section: business, publicationDate: daysFromNow(-2) });
  await kit.teaser({ article: story, section: world, headline: 'Shown teaser' });
  const draft = await kit.article({ title: DRAFT_TITLE, section: business, status: 'draft' });
  const future = await kit.teaser({ article: other, section: world, headline: 'Future teaser', startsAt: daysFromNow(3) });
  draftRowId = Number((await app.strapi.db.query(ARTICLE).findOne({ where: { documentId: draft.documentId } }))!.id);
  futureTeaserRowId = Number((await app.strapi.db.query(TEASER).findOne({ where: { documentId: future.documentId, publishedAt: { $notNull: true } } }))!.id);
});

describe('requests outside the contract: a 4xx in Strapi’s error format within 2 s, and the server keeps answering', () => {
  test.each(REFUSED.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    if (entry.rest) {
      const { result: res, ms } = await timed(() => app.http().get(entry.rest!()));
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        data: null,
        error: expect.objectContaining({ status: 400, name: 'ValidationError', message: expect.any(String), details: expect.anything() }),
      });
      if (entry.names) expect(res.body.error.message).toContain(entry.names);
      expect(ms).toBeLessThan(2000);
    } else {
      const { result: res, ms } = await timed(() =>
        app
          .http()
          .post('/graphql')
          .set('Content-Type', 'application/json')
          .send({ query: entry.graphql, variables: VARIABLES[entry.name] ?? {} }),
      );
      expect(res.status).toBe(400);
      const [error] = res.body.errors as Array<{ message: string; extensions: { error?: { name: string } } }>;
      expect(error.extensions.error?.name).toBe('ValidationError');
      if (entry.names) expect(error.message).toContain(entry.names);
      expect(JSON.stringify(res.body)).not.toMatch(/select |from "|`articles`|\.db|at \//i);
      expect(ms).toBeLessThan(2000);
    }
    await expectHealthy();
  });
});

type Json = { data: Array<Record<string, unknown>> | Record<string, unknown>; meta?: unknown };

const ACCEPTED: Array<{ name: string; url: () => string; check: (body: Json) => void }> = [
  {
    name: 'populate=section',
    url: () => '/api/articles?populate=section',
    check: (b) => expect((b.data as Json[]).every((a: Record<string, unknown>) => (a.section as { slug: string }).slug)).toBe(true),
  },
  {
    name: 'populate[section][fields][0]=name',
    url: () => '/api/articles?populate[section][fields][0]=name',
    check: (b) => expect(Object.keys((b.data as Array<{ section: Record<string, unknown> }>)[0].section).sort()).toEqual(['documentId', 'id', 'name']),
  },
  {
    name: 'filters[section][slug][$eq]=world',
    url: () => '/api/articles?filters[section][slug][$eq]=world',
    check: (b) => expect((b.data as Array<{ slug: string }>).map((a) => a.slug)).toEqual([story.slug]),
  },
  {
    name: 'sort=publicationDate:desc',
    url: () => '/api/articles?sort=publicationDate:desc',
    check: (b) => expect((b.data as Array<{ slug: string }>).map((a) => a.slug)).toEqual([story.slug, other.slug]),
  },
  {
    name: 'sort[0][publicationDate]=asc (object form)',
    url: () => '/api/articles?sort[0][publicationDate]=asc',
    check: (b) => expect((b.data as Array<{ slug: string }>).map((a) => a.slug)).toEqual([other.slug, story.slug]),
  },
  { name: 'populate=*', url: () => '/api/articles?populate=*', check: (b) => expect((b.data as Array<Record<string, unknown>>)[0]).toHaveProperty('teasers') },
  {
    name: 'fields=title,slug',
    url: () => '/api/articles?fields=title,slug',
    check: (b) => expect(Object.keys((b.data as Array<Record<string, unknown>>)[0])).toEqual(expect.arrayContaining(['title', 'slug'])),
  },
  {
    name: 'filters[$or] with a relation filter',
    url: () => `/api/articles?filters[$or][0][slug][$eq]=${other.slug}&filters[$or][1][section][slug][$eq]=world&sort=title`,
    check: (b) => expect((b.data as Array<{ slug: string }>).map((a) => a.slug)).toEqual([other.slug, story.slug]),
  },
  {
    name: 'filters[title][$not][$containsi]=vienna',
    url: () => '/api/articles?filters[title][$not][$containsi]=vienna',
    check: (b) => expect((b.data as Array<{ slug: string }>).map((a) => a.slug)).toEqual([other.slug]),
  },
  {
    name: 'filters[publicationDate][$between] with dates',
    url: () => `/api/articles?filters[publicationDate][$between][0]=${daysFromNow(-1.5)}&filters[publicationDate][$between][1]=${daysFromNow(0)}`,
    check: (b) => expect((b.data as Array<{ slug: string }>).map((a) => a.slug)).toEqual([story.slug]),
  },
  {
    name: 'teasers filters[position][$gte]=0',
    url: () => '/api/teasers?filters[position][$gte]=0',
    check: (b) => expect((b.data as unknown[]).length).toBe(1),
  },
  {
    name: 'sections populate=articles.teasers (two levels)',
    url: () => '/api/sections?populate=articles.teasers&filters[slug][$eq]=world',
    check: (b) => expect((b.data as Array<{ articles: Array<{ teasers: unknown[] }> }>)[0].articles[0].teasers).toHaveLength(1),
  },
  {
    name: 'several conditions inside one to-many relation',
    url: () => `/api/sections?filters[articles][$or][0][title][$containsi]=vienna&filters[articles][$or][1][slug][$eq]=${other.slug}&sort=name`,
    check: (b) => expect((b.data as Array<{ slug: string }>).map((s) => s.slug)).toEqual([business.slug, world.slug]),
  },
  {
    name: 'sections filters[articles][title][$containsi] (no match on the draft)',
    url: () => '/api/sections?filters[articles][title][$containsi]=embargoed',
    check: (b) => expect(b.data).toEqual([]),
  },
  {
    name: 'findOne with populate[section][fields]=name',
    url: () => `/api/articles/${story.documentId}?populate[section][fields]=name`,
    check: (b) => expect((b.data as { section: { name: string } }).section.name).toBe('World'),
  },
  {
    name: 'pagination[page]=1&pagination[pageSize]=1',
    url: () => '/api/articles?pagination[page]=1&pagination[pageSize]=1&sort=publicationDate:desc',
    check: (b) => expect((b.data as Array<{ slug: string }>).map((a) => a.slug)).toEqual([story.slug]),
  },
];

describe('requests inside the contract get their correct answer', () => {
  test.each(ACCEPTED.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const res = await app.http().get(entry.url());
    expect(res.status).toBe(200);
    entry.check(res.body as Json);
  });

  test('a section sorted by its own fields does not move with a draft', async () => {
    const res = await app.http().get('/api/sections?sort=name:asc');
    expect(res.status).toBe(200);
    expect((res.body.data as Array<{ slug: string }>).map((s) => s.slug)).toEqual([business.slug, world.slug]);
  });

  test('GraphQL nested lists with sort, filters and pagination inside the contract', async () => {
    const res = await app
      .http()
      .post('/graphql')
      .set('Content-Type', 'application/json')
      .send({
        query: `query ($slug: String) { sections(filters: { slug: { eq: $slug } }, sort: "name:asc") { slug articles(sort: ["publicationDate:desc"], filters: { title: { containsi: "vienna" } }, pagination: { limit: 5 }) { slug } } }`,
        variables: { slug: 'world' },
      });
    expect(res.status).toBe(200);
    expect(res.body.data.sections).toEqual([{ slug: world.slug, articles: [{ slug: story.slug }] }]);
  });
});

describe('GET /api/users/me, the one users-permissions read a signed-in reader may call (sign-up is open)', () => {
  let jwt: string;
  beforeAll(async () => {
    const res = await app
      .http()
      .post('/api/auth/local/register')
      .send({ username: 'contract-reader', email: 'contract-reader@example.com', password: 'Contract-Passw0rd!' });
    expect(res.status).toBe(200);
    jwt = res.body.jwt as string;
  });
  const me = (query: string) => app.http().get(`/api/users/me${query}`).set('Authorization', `Bearer ${jwt}`);

  test('populate through role.users… (16 s of event loop before the contract) is a 400 within 2 s', async () => {
    const { result: res, ms } = await timed(() => me(`?populate=${Array.from({ length: 7 }, () => 'role.users').join('.')}`));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ name: 'ValidationError', message: expect.stringContaining('populate.role') });
    expect(ms).toBeLessThan(2000);
    await expectHealthy();
  });

  test('the account itself and its own fields still answer; nothing is populated or filtered there', async () => {
    expect((await me('')).body).toMatchObject({ username: 'contract-reader', email: 'contract-reader@example.com' });
    const someFields = await me('?fields[0]=username');
    expect(someFields.status).toBe(200);
    expect(someFields.body).toMatchObject({ username: 'contract-reader' });
    expect(someFields.body).not.toHaveProperty('email');
    expect((await me('?populate=role')).status).toBe(400);
    expect((await me('?fields[0]=password')).status).toBe(400);
    expect((await me('?filters[username][$eq]=x')).status).toBe(400);
  });
});
