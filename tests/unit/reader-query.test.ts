/**
 * The reader rules on what a read reaches through relations (src/documents/reader-query.ts) and on
 * GraphQL nested relations (src/graphql/reader-relations.ts), without Strapi: whichever form a
 * populate parameter takes, every populated teaser relation, at any depth, gets the teaser rule; every
 * filter through a relation matches visible related documents only; nothing else changes.
 * The models are the product's own schema files.
 */
import articleSchema from '../../src/api/article/content-types/article/schema.json';
import sectionSchema from '../../src/api/section/content-types/section/schema.json';
import teaserSchema from '../../src/api/teaser/content-types/teaser/schema.json';
import seoSchema from '../../src/components/shared/seo.json';
import { restrictFilters, restrictPopulate, type QueryAttribute, type ReaderRules } from '../../src/documents/reader-query';
import { toGraphqlFilters, visibilityFilters } from '../../src/visibility/document-filters';
import { readerRelationArgs } from '../../src/graphql/reader-relations';
import { ARTICLE, SECTION, TEASER } from '../harness/constants';

const models: Record<string, { attributes: Record<string, QueryAttribute>; draftAndPublish: boolean }> = {
  [ARTICLE]: { attributes: articleSchema.attributes, draftAndPublish: articleSchema.options.draftAndPublish },
  [SECTION]: { attributes: sectionSchema.attributes, draftAndPublish: sectionSchema.options.draftAndPublish },
  [TEASER]: { attributes: teaserSchema.attributes, draftAndPublish: teaserSchema.options.draftAndPublish },
  'shared.seo': { attributes: seoSchema.attributes, draftAndPublish: false },
};

const NOW = new Date('2026-03-01T12:00:00.000Z');
const draftAndPublish = (uid: string) => models[uid]?.draftAndPublish ?? false;
/** The compiled visibility rule, as a read that asks for published versions (or a filter through a relation) adds it. */
const readerFiltersFor = (uid: string) => {
  const filters = visibilityFilters(uid, { now: NOW, statusPassedOn: true, draftAndPublish });
  return filters.length > 0 ? filters : null;
};
const readerConditionsFor = (uid: string) => {
  const filters = visibilityFilters(uid, { now: NOW, statusPassedOn: false, draftAndPublish });
  return filters.length > 0 ? filters : null;
};
const RULE = readerFiltersFor(TEASER) ?? [];
const RULES: ReaderRules = {
  attributesOf: (uid) => models[uid]?.attributes,
  populated: (uid) => readerFiltersFor(uid),
  filtered: (uid) => readerConditionsFor(uid),
};
const PUBLISHED = { publishedAt: { $notNull: true } };
const restrict = (populate: unknown, uid: string) => restrictPopulate(populate, uid, RULES);
/** A populated teaser relation as the rule leaves it, with what the caller asked for besides. */
const shownTeasers = (options: Record<string, unknown> = {}, filters?: unknown) => ({
  ...options,
  filters: { $and: [...(filters ? [filters] : []), ...RULE] },
});

describe('visibilityFilters (the definition compiled for the Document Service)', () => {
  test('teasers: inside the window at the given moment and promoting a published article', () => {
    expect(RULE).toEqual([
      { $or: [{ startsAt: { $null: true } }, { startsAt: { $lte: NOW.toISOString() } }] },
      { $or: [{ endsAt: { $null: true } }, { endsAt: { $gt: NOW.toISOString() } }] },
      { article: { publishedAt: { $notNull: true } } },
    ]);
  });

  test.each([ARTICLE, SECTION, 'shared.seo', 'plugin::upload.file'])('%s: "published" is all, no rule', (uid) => {
    expect(readerFiltersFor(uid)).toBeNull();
  });

  test('through a relation, everything a reader may see: published (Draft & Publish types), and the rule', () => {
    expect(readerConditionsFor(ARTICLE)).toEqual([PUBLISHED]);
    expect(readerConditionsFor(TEASER)).toEqual([PUBLISHED, ...RULE]);
    expect(readerConditionsFor(SECTION)).toBeNull();
  });
});

describe('restrictFilters', () => {
  const CASES: Array<[string, string, unknown, unknown]> = [
    ['no filters', SECTION, undefined, undefined],
    ['own fields only', ARTICLE, { title: { $containsi: 'vienna' }, $or: [{ slug: { $eq: 'a' } }, { byline: { $null: true } }] }, 'same'],
    ['a relation to a type without Draft & Publish', ARTICLE, { section: { slug: { $eq: 'world' } } }, 'same'],
    ['a component', ARTICLE, { seo: { metaTitle: { $containsi: 'x' } } }, 'same'],
    ['a relation id given bare', TEASER, { article: 3 }, 'same'],
    [
      'through articles: published ones only',
      SECTION,
      { articles: { title: { $startsWith: 'Emb' } } },
      { articles: { $and: [{ title: { $startsWith: 'Emb' } }, PUBLISHED] } },
    ],
    [
      'through teasers: shown ones only',
      ARTICLE,
      { teasers: { headline: { $eq: 'x' } } },
      { teasers: { $and: [{ headline: { $eq: 'x' } }, PUBLISHED, ...RULE] } },
    ],
    [
      'inside $and / $or / $not',
      SECTION,
      { $or: [{ name: { $eq: 'x' } }, { $not: { articles: { slug: { $eq: 'y' } } } }] },
      { $or: [{ name: { $eq: 'x' } }, { $not: { articles: { $and: [{ slug: { $eq: 'y' } }, PUBLISHED] } } }] },
    ],
    [
      'two relations deep',
      SECTION,
      { teasers: { article: { title: { $eq: 't' } } } },
      { teasers: { $and: [{ article: { $and: [{ title: { $eq: 't' } }, PUBLISHED] } }, PUBLISHED, ...RULE] } },
    ],
    [
      'through a relation without Draft & Publish to one with it',
      TEASER,
      { section: { articles: { slug: { $eq: 's' } } } },
      { section: { articles: { $and: [{ slug: { $eq: 's' } }, PUBLISHED] } } },
    ],
  ];

  test.each(CASES)('%s', (_name, uid, filters, expected) => {
    const result = restrictFilters(filters, uid, RULES);
    if (expected === 'same') expect(result).toBe(filters);
    else expect(result).toEqual(expected);
  });

  test('GraphQL form: and / not, operators without $', () => {
    expect(restrictFilters({ not: { articles: { title: { eq: 'x' } } } }, SECTION, RULES, 'graphql')).toEqual({
      not: { articles: { and: [{ title: { eq: 'x' } }, { publishedAt: { notNull: true } }] } },
    });
  });
});

describe('restrictPopulate', () => {
  const CASES: Array<[string, string, unknown, unknown]> = [
    ['nothing populated', ARTICLE, undefined, undefined],
    ['a relation without a rule, as a string', ARTICLE, 'section', 'section'],
    ['relations without a rule, as a list', SECTION, ['articles', 'parent'], ['articles', 'parent']],
    ['relations without a rule, as an object', TEASER, { article: true, section: { fields: ['name'] } }, { article: true, section: { fields: ['name'] } }],
    ['media and components', ARTICLE, { cover: true, seo: { populate: '*' } }, { cover: true, seo: { populate: '*' } }],
    ['teasers, as a string', ARTICLE, 'teasers', { teasers: shownTeasers() }],
    ['teasers among others, comma-separated', ARTICLE, 'section, teasers', { section: true, teasers: shownTeasers() }],
    ['teasers, in a list', SECTION, ['articles', 'teasers'], { articles: true, teasers: shownTeasers() }],
    ['a dotted path through teasers', SECTION, ['teasers.article', 'teasers.section'], { teasers: shownTeasers({ populate: ['article', 'section'] }) }],
    ['a dotted path to teasers', SECTION, 'articles.teasers', { articles: { populate: { teasers: shownTeasers() } } }],
    ['teasers: true', ARTICLE, { teasers: true }, { teasers: shownTeasers() }],
    ["teasers: 'true' (query string)", ARTICLE, { teasers: 'true' }, { teasers: shownTeasers() }],
    [
      'teasers with nested populate, fields and sort kept',
      ARTICLE,
      { teasers: { populate: 'article', fields: ['headline'], sort: 'position' } },
      { teasers: shownTeasers({ populate: 'article', fields: ['headline'], sort: 'position' }) },
    ],
    [
      "the caller's own teaser filters, ANDed",
      SECTION,
      { teasers: { filters: { headline: { $null: 'false' } } } },
      { teasers: shownTeasers({}, { headline: { $null: 'false' } }) },
    ],
    [
      'filters of a populated relation that go through another',
      ARTICLE,
      { section: { filters: { articles: { title: { $eq: 'x' } } } } },
      { section: { filters: { articles: { $and: [{ title: { $eq: 'x' } }, PUBLISHED] } } } },
    ],
    ['teasers populated for a count', ARTICLE, { teasers: { count: true } }, { teasers: shownTeasers({ count: true }) }],
    [
      'teasers two levels down',
      SECTION,
      { articles: { populate: { teasers: { populate: 'article' } } } },
      { articles: { populate: { teasers: shownTeasers({ populate: 'article' }) } } },
    ],
    [
      'teasers three levels down',
      TEASER,
      { article: { populate: { section: { populate: { teasers: true } } } } },
      { article: { populate: { section: { populate: { teasers: shownTeasers() } } } } },
    ],
    [
      'teasers under teasers',
      SECTION,
      { teasers: { populate: { article: { populate: 'teasers' } } } },
      { teasers: shownTeasers({ populate: { article: { populate: { teasers: shownTeasers() } } } }) },
    ],
    ['teasers not populated (false)', ARTICLE, { teasers: false, section: true }, { teasers: false, section: true }],
    ["teasers not populated ('false')", ARTICLE, { teasers: 'false' }, { teasers: 'false' }],
    ['an unknown attribute is left to Strapi', ARTICLE, { nonsense: true, teasers: true }, { nonsense: true, teasers: shownTeasers() }],
  ];

  test.each(CASES)('%s', (_name, uid, populate, expected) => {
    expect(restrict(populate, uid)).toEqual(expected);
  });

  test("'*' populates what Strapi's '*' does, with the rule on teasers", () => {
    expect(restrict('*', SECTION)).toEqual({ parent: true, children: true, articles: true, teasers: shownTeasers() });
    expect(restrict('*', ARTICLE)).toEqual({ section: true, cover: true, seo: true, teasers: shownTeasers() });
    expect(restrict({ teasers: { populate: '*' } }, ARTICLE)).toEqual({ teasers: shownTeasers({ populate: '*' }) });
    expect(restrict({ section: { populate: '*' } }, ARTICLE)).toEqual({
      section: { populate: { parent: true, children: true, articles: true, teasers: shownTeasers() } },
    });
  });

  test.each([
    [TEASER, '*'],
    [ARTICLE, 'section'],
    [ARTICLE, ['section', 'cover']],
    [ARTICLE, { section: { populate: { articles: true } } }],
  ])('without a teaser to restrict (%s, %j), the parameter comes back as given, the same value', (uid, populate) => {
    expect(restrict(populate, uid)).toBe(populate);
  });

  test('the given parameter is never changed in place', () => {
    const populate = { articles: { populate: { teasers: { filters: { position: { $lt: 3 } } } } } };
    const copy = JSON.parse(JSON.stringify(populate));
    restrict(populate, SECTION);
    expect(populate).toEqual(copy);
  });

  test('an unknown model is left alone', () => {
    expect(restrict({ teasers: true }, 'api::nothing.nothing')).toEqual({ teasers: true });
  });
});

describe('GraphQL nested relations', () => {
  test('Strapi filters become GraphQL filter arguments: operators lose their $, values and dates stay', () => {
    const date = new Date('2026-01-01T00:00:00.000Z');
    expect(toGraphqlFilters({ $and: [{ startsAt: { $lte: 'x' } }, { article: { publishedAt: { $notNull: true } } }], at: date })).toEqual({
      and: [{ startsAt: { lte: 'x' } }, { article: { publishedAt: { notNull: true } } }],
      at: date,
    });
  });

  test('a nested teaser field: published, the rule ANDed with the client filters, other arguments kept', () => {
    const args = { filters: { headline: { containsi: 'vienna' } }, pagination: { limit: 5 }, sort: ['position:asc'] };
    expect(readerRelationArgs(args, TEASER, RULES)).toEqual({
      ...args,
      status: 'published',
      filters: { and: [{ headline: { containsi: 'vienna' } }, ...(toGraphqlFilters(RULE) as unknown[])] },
    });
  });

  test('a nested article or section field: published, filters untouched', () => {
    expect(readerRelationArgs({}, ARTICLE, RULES)).toEqual({ status: 'published' });
    expect(readerRelationArgs({ status: 'draft', filters: { title: { eq: 'x' } } }, SECTION, RULES)).toEqual({
      status: 'published',
      filters: { title: { eq: 'x' } },
    });
  });

  test("a nested field's filters through relations match visible documents only", () => {
    expect(readerRelationArgs({ filters: { articles: { title: { startsWith: 'E' } } } }, SECTION, RULES)).toEqual({
      status: 'published',
      filters: { articles: { and: [{ title: { startsWith: 'E' } }, { publishedAt: { notNull: true } }] } },
    });
  });
});
