/**
 * The reader query contract without Strapi (src/query-contract): every syntax form of a parameter
 * normalises to the same thing; the contract derived from the product's own schema files allows own
 * fields and refuses the rest with a 400 naming the parameter path; and, as properties, what the contract
 * accepts round-trips through the wire form, populate depth never exceeds the cap, and no input makes the
 * parser or the validator throw anything but a ValidationError.
 */
import fc from 'fast-check';
import qs from 'qs';
import { errors } from '@strapi/utils';
import articleSchema from '../../src/api/article/content-types/article/schema.json';
import sectionSchema from '../../src/api/section/content-types/section/schema.json';
import teaserSchema from '../../src/api/teaser/content-types/teaser/schema.json';
import seoSchema from '../../src/components/shared/seo.json';
import {
  buildQueryContract,
  CONTRACT_LIMITS,
  MEDIA_UID,
  READER_UIDS,
  parseContentQuery,
  toStrapiQuery,
  validate,
  type ContentQuery,
  type PopulateTree,
  type SchemaModel,
} from '../../src/query-contract';
import { checkListArguments, graphqlFiltersToRest } from '../../src/query-contract/graphql';
import { ARTICLE, SECTION, TEASER } from '../harness/constants';

/** What Strapi adds to every content type's schema, as seen on 5.54. */
const STRAPI_ATTRIBUTES = {
  createdAt: { type: 'datetime' },
  updatedAt: { type: 'datetime' },
  publishedAt: { type: 'datetime' },
  createdBy: { type: 'relation', relation: 'oneToOne', target: 'admin::user', private: true },
  updatedBy: { type: 'relation', relation: 'oneToOne', target: 'admin::user', private: true },
  locale: { type: 'string', private: true },
};
const withStrapi = (schema: { attributes: object }): SchemaModel => ({
  attributes: { ...schema.attributes, ...STRAPI_ATTRIBUTES },
});
const CONTENT_TYPES: Record<string, SchemaModel> = {
  [ARTICLE]: withStrapi(articleSchema),
  [SECTION]: withStrapi(sectionSchema),
  [TEASER]: withStrapi(teaserSchema),
  [MEDIA_UID]: withStrapi({
    attributes: { name: { type: 'string' }, alternativeText: { type: 'text' }, url: { type: 'text' }, width: { type: 'integer' }, formats: { type: 'json' } },
  }),
};
const contract = buildQueryContract(
  { contentType: (uid) => CONTENT_TYPES[uid], component: (uid) => (uid === 'shared.seo' ? seoSchema : undefined) },
  READER_UIDS,
);

const parse = (query: Record<string, unknown>, single = false) => parseContentQuery(query, { maxLimit: 100, single });
/** The query as Strapi's `strapi::query` middleware reads it off the wire. */
const wire = (queryString: string) => qs.parse(queryString, { strictNullHandling: true, arrayLimit: 100, depth: 20 }) as Record<string, unknown>;
const check = (uid: string, queryString: string) => validate(contract, uid, parse(wire(queryString)));

function refusal(work: () => unknown): errors.ValidationError {
  try {
    work();
  } catch (error) {
    if (error instanceof errors.ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('the contract derived from the schemas', () => {
  test('articles: own non-private fields, documentId and Strapi timestamps; never scheduledAt, createdBy or locale', () => {
    const fields = Object.keys(contract.models[ARTICLE].fields).sort();
    expect(fields).toEqual(['body', 'byline', 'createdAt', 'documentId', 'lastUpdatedAt', 'publicationDate', 'publishedAt', 'slug', 'title', 'updatedAt']);
    expect(Object.keys(contract.models[ARTICLE].links).sort()).toEqual(['cover', 'section', 'seo', 'teasers']);
    expect(contract.models[ARTICLE].links.section).toEqual({ kind: 'relation', target: SECTION, toMany: false, inverse: 'articles' });
    expect(contract.models[ARTICLE].fields.body).toEqual({ type: 'blocks', operators: [], sortable: false });
  });

  test('operators per type: ordered comparisons on integers and dates, text matching on strings, nothing on blocks', () => {
    const teaser = contract.models[TEASER].fields;
    expect(teaser.position.operators).toEqual(expect.arrayContaining(['$gt', '$between', '$in']));
    expect(teaser.position.operators).not.toContain('$contains');
    expect(teaser.headline.operators).toEqual(expect.arrayContaining(['$containsi', '$startsWith']));
    expect(teaser.headline.operators).not.toContain('$between');
    expect(Object.keys(teaser)).not.toContain('scheduledAt');
  });

  test('components and media have contracts of their own; media are leaves', () => {
    expect(Object.keys(contract.models['shared.seo'].links)).toEqual(['shareImage']);
    expect(contract.models[MEDIA_UID].links).toEqual({});
  });
});

describe('every syntax form normalises to the same thing', () => {
  const same = (uid: string, forms: string[]) => {
    const [first, ...rest] = forms.map((form) => check(uid, form));
    for (const other of rest) expect(other).toEqual(first);
  };

  test('populate: comma list, indexed array, [] array, object, true/*', () =>
    same(ARTICLE, [
      'populate=section,teasers',
      'populate[0]=section&populate[1]=teasers',
      'populate[]=section&populate[]=teasers',
      'populate[section]=true&populate[teasers]=*',
      'populate[0]=section,teasers',
    ]));

  test('populate: dotted and bracket paths', () =>
    same(ARTICLE, [
      'populate=section.parent,seo.shareImage',
      'populate[0]=section.parent&populate[1]=seo.shareImage',
      'populate[section][populate]=parent&populate[seo][populate]=shareImage',
      'populate[section][populate][0]=parent&populate[seo][populate][shareImage]=true',
    ]));

  test('populate=* is every first-level relation, media and component', () => same(ARTICLE, ['populate=*', 'populate=section,cover,seo,teasers']));

  test('sort: text, comma list, arrays, objects, any case', () =>
    same(ARTICLE, ['sort=title:desc,slug', 'sort[0]=title:desc&sort[1]=slug:asc', 'sort[0][title]=desc&sort[1][slug]=asc', 'sort[title]=DESC&sort[slug]=asc']));

  test('fields: comma list and arrays', () => same(ARTICLE, ['fields=title,slug', 'fields[0]=title&fields[1]=slug', 'fields[]=title&fields[]=slug']));

  test('filters: a bare value is $eq; $and/$or as arrays or index objects', () => {
    same(ARTICLE, ['filters[slug]=a', 'filters[slug][$eq]=a']);
    same(ARTICLE, ['filters[$or][0][slug][$eq]=a&filters[$or][1][title][$eq]=b', `filters[$or][0][slug][$eq]=a&filters[$or][1][title][$eq]=b`]);
    const indexObject = validate(contract, ARTICLE, parse({ filters: { $or: { 0: { slug: { $eq: 'a' } }, 1: { title: { $eq: 'b' } } } } }));
    expect(indexObject).toEqual(check(ARTICLE, 'filters[$or][0][slug][$eq]=a&filters[$or][1][title][$eq]=b'));
  });

  test('pagination: top-level and nested keys', () => same(ARTICLE, ['pagination[page]=2&pagination[pageSize]=5', 'page=2&pageSize=5']));

  test('values are typed: integers, booleans, dates as ISO', () => {
    const query = check(TEASER, 'filters[position][$in][0]=1&filters[position][$in][1]=2&filters[startsAt][$lt]=2026-01-31&filters[endsAt][$null]=true');
    expect(toStrapiQuery(query).filters).toEqual({
      $and: [{ position: { $in: [1, 2] } }, { startsAt: { $lt: '2026-01-31T00:00:00.000Z' } }, { endsAt: { $null: true } }],
    });
  });
});

describe('requests outside the contract: a ValidationError naming the parameter path', () => {
  const CASES: Array<[string, string, string, RegExp]> = [
    [SECTION, 'sort=articles.title:asc', 'sort[0]', /own fields only/],
    [ARTICLE, 'sort=teasers.startsAt:desc', 'sort[0]', /allowed: .*publicationDate/],
    [ARTICLE, 'sort=body', 'sort[0]', /not a sortable field/],
    [ARTICLE, 'populate=section.articles', 'populate.section.articles', /back the way it came/],
    [SECTION, 'populate=teasers.article.section', 'populate.teasers.article.section', /at most 2 relations/],
    [ARTICLE, 'populate[section][populate]=*', 'populate.section.*', /first level only/],
    [ARTICLE, 'populate=nope', 'populate.nope', /allowed: section, cover, seo, teasers/],
    [ARTICLE, 'populate[section][sort]=articles.title', 'populate.section.sort[0]', /own fields only/],
    [ARTICLE, 'populate[cover][filters][name][$eq]=a', 'populate.cover', /fields only/],
    [SECTION, 'filters[articles]=5', 'filters.articles', /is a relation: filter through its fields/],
    [SECTION, 'filters[articles][0]=5', 'filters.articles', /is a relation/],
    [SECTION, 'filters[articles][$in][0]=1', 'filters.articles', /never an id or an operator/],
    [ARTICLE, 'filters[teasers][$null]=false', 'filters.teasers', /is a relation/],
    [ARTICLE, 'filters[$and]=1', 'filters.$and', /non-empty list of filter objects/],
    [ARTICLE, 'filters[$or][slug]=a', 'filters.$or', /non-empty list/],
    [ARTICLE, 'filters[$not]=1', 'filters.$not', /one filter object/],
    [ARTICLE, 'filters[slug][$between]=a', 'filters.slug.$between', /not an operator for uid fields/],
    [TEASER, 'filters[position][$gt]=abc', 'filters.position.$gt', /is not an integer/],
    [TEASER, 'filters[startsAt][$gt]=tomorrow', 'filters.startsAt.$gt', /is not a date-time/],
    [TEASER, 'filters[position][$between][0]=1', 'filters.position.$between', /exactly two values/],
    [ARTICLE, 'filters[scheduledAt][$null]=true', 'filters.scheduledAt', /cannot be filtered on/],
    [ARTICLE, 'filters[title][$eq]', 'filters.title.$eq', /use \$null/],
    [ARTICLE, 'filters[title][slug][$eq]=a', 'filters.title', /is a field: use an operator/],
    [ARTICLE, 'filters[cover][name][$eq]=a', 'filters.cover', /cannot be filtered on/],
    [SECTION, 'filters[parent][parent][parent][slug][$eq]=a', 'filters.parent.parent.parent', /at most 2 relations/],
    [ARTICLE, 'fields[0]=scheduledAt', 'fields[0]', /not a selectable field/],
    [ARTICLE, 'filters[section][articles][title][$eq]=a', 'filters.section.articles', /back the way it came/],
    [TEASER, 'filters[section][articles][title][$eq]=a', 'filters.section.articles', /only be the first step/],
    [SECTION, 'filters[$or][0][articles][title][$eq]=a&filters[$or][1][teasers][headline][$eq]=b', 'filters.$or[1].teasers', /one condition per request/],
    [ARTICLE, 'filters[title][$null]=maybe', 'filters.title.$null', /true or false/],
    // Found by the fuzzer (seed 7): Strapi reads `$not` inside a relation as a field operator and answered 500.
    [ARTICLE, 'filters[section][$not][name]=', 'filters.section.$not', /only outside relations/],
    [ARTICLE, 'filters[seo][$not][metaTitle][$eq]=a', 'filters.seo.$not', /only outside relations/],
    [SECTION, 'filters[articles][$or][0][$not][title][$eq]=a', 'filters.articles.$or[0].$not', /only outside relations/],
  ];
  test.each(CASES)('%s ?%s → %s', (uid, query, path, message) => {
    const error = refusal(() => check(uid, query));
    expect(error.message.startsWith(`${path}: `)).toBe(true);
    expect(error.message).toMatch(message);
    expect(error.details).toMatchObject({ source: 'query', path });
  });

  // Names every plain object answers to: the contract's tables have no prototype, so they are unknown names like any other
  // (`fields[0]=__proto__` reached the database as a column and answered 500, found by the fuzzer).
  const INHERITED = Object.getOwnPropertyNames(Object.prototype);
  test.each(INHERITED)('the inherited name %s is refused as a field, sort key, populated relation and filter', (name) => {
    // As values off the wire (qs itself drops such names when they are keys)...
    for (const [query, path] of [
      [`fields[0]=${name}`, 'fields[0]'],
      [`sort=${name}`, 'sort[0]'],
      [`populate=${name}`, `populate.${name}`],
      [`populate=section.${name}`, `populate.section.${name}`],
    ]) {
      expect(refusal(() => check(ARTICLE, query)).details).toMatchObject({ source: 'query', path });
    }
    // ...and as own keys, as JSON (GraphQL variables) can make them.
    for (const [json, path] of [
      [`{"filters":{"${name}":{"$eq":"a"}}}`, `filters.${name}`],
      [`{"filters":{"section":{"${name}":{"$eq":"a"}}}}`, `filters.section.${name}`],
      [`{"populate":{"${name}":{"fields":["title"]}}}`, `populate.${name}`],
    ]) {
      const query = JSON.parse(json) as Record<string, unknown>;
      expect(refusal(() => validate(contract, ARTICLE, parse(query))).details).toMatchObject({ source: 'query', path });
    }
  });

  test('a findOne takes fields, populate, status and locale only', () => {
    expect(refusal(() => parse({ filters: { slug: 'a' } }, true)).message).toBe('Invalid key filters');
    expect(parse({ fields: 'title', populate: 'section' }, true).fields).toEqual(['title']);
  });

  test('GraphQL arguments: the same contract after mapping `eq`/`and` to `$eq`/`$and`', () => {
    expect(graphqlFiltersToRest({ and: [{ title: { eq: 'a' } }], section: { slug: { in: ['x'] } }, byline: null, seo: {} })).toEqual({
      $and: [{ title: { $eq: 'a' } }],
      section: { slug: { $in: ['x'] } },
    });
    expect(() => checkListArguments(contract, SECTION, { sort: ['articles.title:asc'] }, 100)).toThrow(/sort\[0\]/);
    expect(() => checkListArguments(contract, ARTICLE, { pagination: { page: 1, limit: 5 } }, 100)).toThrow(/cannot be mixed/);
    expect(() =>
      checkListArguments(
        contract,
        ARTICLE,
        { filters: { publicationDate: { gt: new Date('2026-01-01') } }, sort: ['publicationDate:desc'], pagination: { limit: -1 } },
        100,
      ),
    ).not.toThrow();
  });
});

// --- properties ---------------------------------------------------------------------------------

const ALL_LINKS = ['section', 'teasers', 'articles', 'article', 'parent', 'children', 'cover', 'seo', 'shareImage', 'image', 'nope'];
const linkName = fc.constantFrom(...ALL_LINKS);
const populatePath = fc.array(linkName, { minLength: 1, maxLength: 6 }).map((names) => names.join('.'));

/** Relation levels and populated attributes of a validated populate tree. */
function measure(tree: PopulateTree, uid: string, levels = 0): { deepest: number; count: number } {
  let deepest = levels;
  let count = 0;
  for (const [name, node] of Object.entries(tree)) {
    const link = contract.models[uid].links[name];
    const here = levels + (link.kind === 'relation' ? 1 : 0);
    const inner = measure(node.populate, link.target, here);
    deepest = Math.max(deepest, inner.deepest);
    count += 1 + inner.count;
  }
  return { deepest, count };
}

/** Builds the bracket form of a list of dotted paths: `a.b` → `populate[a][populate][b]=true`. */
function bracketForm(paths: string[]): string {
  return paths
    .map(
      (path) =>
        `populate${path
          .split('.')
          .map((name, index, all) => `[${name}]${index < all.length - 1 ? '[populate]' : ''}`)
          .join('')}=true`,
    )
    .join('&');
}

/** The bracket form of a path that is a prefix of another sets one key twice, which qs reads as an array: not the same request. */
const noPrefixes = (paths: string[]) => paths.every((path, i) => paths.every((other, j) => i === j || !(other === path || other.startsWith(`${path}.`))));

function attempt(work: () => ContentQuery): ContentQuery | errors.ValidationError {
  try {
    return work();
  } catch (error) {
    if (error instanceof errors.ValidationError) return error;
    throw error;
  }
}

describe('properties', () => {
  test('dotted and bracket populate normalise equally (or are refused alike)', () => {
    fc.assert(
      fc.property(fc.constantFrom(ARTICLE, SECTION, TEASER), fc.array(populatePath, { minLength: 1, maxLength: 4 }).filter(noPrefixes), (uid, paths) => {
        const dotted = attempt(() => check(uid, `populate=${paths.join(',')}`));
        const bracket = attempt(() => check(uid, bracketForm(paths)));
        if (dotted instanceof errors.ValidationError) expect(bracket).toBeInstanceOf(errors.ValidationError);
        else expect(bracket).toEqual(dotted);
      }),
      { numRuns: 300 },
    );
  });

  test('depth never exceeds the cap, nor the number of populated attributes', () => {
    fc.assert(
      fc.property(fc.constantFrom(ARTICLE, SECTION, TEASER), fc.array(populatePath, { minLength: 1, maxLength: 8 }), (uid, paths) => {
        const result = attempt(() => check(uid, `populate=${paths.join(',')}`));
        if (result instanceof errors.ValidationError) return;
        const { deepest, count } = measure(result.populate, uid);
        expect(deepest).toBeLessThanOrEqual(CONTRACT_LIMITS.populateRelationLevels);
        expect(count).toBeLessThanOrEqual(CONTRACT_LIMITS.populatedAttributes);
      }),
      { numRuns: 300 },
    );
  });

  const valueOf = (type: string): fc.Arbitrary<string> =>
    type === 'integer'
      ? fc.integer({ min: -5, max: 50 }).map(String)
      : type === 'datetime'
        ? fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString())
        : fc.string({ maxLength: 8 });
  const OPS = ['$eq', '$ne', '$in', '$between', '$gt', '$containsi', '$null', '$startsWith', '$notIn'];
  /** A condition on a filterable field of `uid` (or, now and then, of a relation's target). */
  const conditionOf = (uid: string, hops = 0): fc.Arbitrary<Record<string, unknown>> => {
    const model = contract.models[uid];
    const fields = Object.keys(model.fields).filter((name) => model.fields[name].operators.length > 0 && name !== 'documentId');
    const relations = Object.keys(model.links).filter((name) => model.links[name].kind === 'relation');
    const own = fc.constantFrom(...fields).chain((field) =>
      fc.tuple(fc.constantFrom(...OPS), fc.array(valueOf(model.fields[field].type), { minLength: 1, maxLength: 3 })).map(([op, values]) => {
        const value = op === '$null' ? values[0].length % 2 === 0 : ['$in', '$notIn', '$between'].includes(op) ? values : values[0];
        return { [field]: { [op]: value } };
      }),
    );
    if (hops >= 1) return own;
    return fc.oneof(
      { weight: 3, arbitrary: own },
      {
        weight: 1,
        arbitrary: fc.constantFrom(...relations).chain((name) => conditionOf(model.links[name].target, hops + 1).map((where) => ({ [name]: where }))),
      },
    );
  };
  const queryOf = (uid: string) => {
    const model = contract.models[uid];
    const condition = conditionOf(uid);
    const sortable = Object.keys(model.fields).filter((name) => model.fields[name].sortable);
    return fc.record(
      {
        filters: fc.oneof(
          condition,
          fc.array(condition, { minLength: 1, maxLength: 3 }).map((items) => ({ $or: items })),
          condition.map((item) => ({ $not: item })),
        ),
        sort: fc.array(
          fc.tuple(fc.constantFrom(...sortable), fc.constantFrom('', ':asc', ':desc', ':DESC')).map(([field, dir]) => field + dir),
          { maxLength: 3 },
        ),
        fields: fc.array(fc.constantFrom(...Object.keys(model.fields)), { minLength: 1, maxLength: 3 }),
        populate: fc.array(populatePath, { maxLength: 2 }),
        pagination: fc.record({ page: fc.integer({ min: 1, max: 5 }).map(String), pageSize: fc.integer({ min: 1, max: 100 }).map(String) }),
      },
      { requiredKeys: [] },
    );
  };
  const query = fc.constantFrom(ARTICLE, SECTION, TEASER).chain((uid) => fc.tuple(fc.constant(uid), queryOf(uid)));

  test('any query the contract accepts round-trips through the wire form to the same validated query', () => {
    let accepted = 0;
    fc.assert(
      fc.property(query, ([uid, raw]) => {
        const first = attempt(() => validate(contract, uid, parse(wire(qs.stringify(raw)))));
        if (first instanceof errors.ValidationError) return;
        accepted += 1;
        const again = validate(contract, uid, parse(wire(qs.stringify(toStrapiQuery(first)))));
        expect(again).toEqual(first);
      }),
      { numRuns: 1000 },
    );
    // The generator must reach the accepting side often enough to mean something.
    expect(accepted).toBeGreaterThan(300);
  });

  test('no query makes the parser or the validator throw anything but a ValidationError', () => {
    const key = fc.constantFrom(
      'fields',
      'populate',
      'filters',
      'sort',
      'pagination',
      'status',
      'page',
      '$and',
      '$or',
      '$not',
      '$eq',
      '$in',
      '$between',
      'slug',
      'title',
      'section',
      'articles',
      'teasers',
      '0',
      '1',
      '*',
      'populate',
      'count',
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom('', '*', 'true', 'false', 'abc', '1', 'a.b', 'title:desc', null),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.constantFrom(ARTICLE, SECTION, TEASER), fc.dictionary(key, value, { maxKeys: 4 }), (uid, raw) => {
        attempt(() => validate(contract, uid, parse(raw)));
      }),
      { numRuns: 2000 },
    );
  });
});
