/**
 * The fuzzer's grammar: fast-check arbitraries for reader requests, built from the content-type schemas
 * (field, relation, media and component names and their types) plus junk names and hostile values.
 *
 * REST: query strings for core find/findOne of articles, sections and teasers, the article page by slug,
 * "More from", the preview route (without its secret), the feeds and sitemaps (section slugs, page numbers,
 * and the query strings they refuse), search (web-search syntax and hostile strings, the hidden markers themselves, filters
 * and paging in and out of range, unknown keys), in every syntax Strapi's query parser takes
 * (brackets, dotted paths, comma lists, `[0]=` arrays, `*`), encoded and not.
 * GraphQL: documents with root lists, single items, connections and `articleBySlug`, aliases (also many
 * of one field), named and inline fragments, nested lists with filters/sort/pagination/status, variables, `search`.
 * Locales (issue 17): about half of the requests on every surface name a `locale` (`localeValueArb`: the offered
 * ones, unknown and malformed codes, `*`, `all`, other cases, very long, unicode; in REST also as arrays, objects
 * and repeated keys; in GraphQL as literals and as variables, which Strapi's locale scalar does not check).
 */
import fc from 'fast-check';
import articleSchema from '../../src/api/article/content-types/article/schema.json';
import sectionSchema from '../../src/api/section/content-types/section/schema.json';
import teaserSchema from '../../src/api/teaser/content-types/teaser/schema.json';
import type { WorldValues } from './world';

export type Surface =
  | 'REST articles'
  | 'REST sections'
  | 'REST teasers'
  | 'REST by-slug'
  | 'REST more-from'
  | 'REST preview'
  | 'REST feeds'
  | 'REST search'
  | 'Admin history'
  | 'GraphQL';
export const SURFACES: Surface[] = [
  'REST articles',
  'REST sections',
  'REST teasers',
  'REST by-slug',
  'REST more-from',
  'REST preview',
  'REST feeds',
  'REST search',
  'Admin history',
  'GraphQL',
];

/** One request: a GET path with its query string, or a POST /graphql with a JSON body. */
export interface FuzzCase {
  surface: Surface;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  /** A search whose every word to find is hidden (markers, hidden slugs and documentIds): it must find nothing. */
  findsNothing?: boolean;
}

// ---------------------------------------------------------------------------------------------------
// The model, read from the schemas.

type TypeName = 'article' | 'section' | 'teaser';
interface Attribute {
  type: string;
  relation?: string;
  target?: string;
  private?: boolean;
}
interface TypeModel {
  name: TypeName;
  plural: 'articles' | 'sections' | 'teasers';
  graphqlType: 'Article' | 'Section' | 'Teaser';
  scalars: Array<{ name: string; type: string }>;
  relations: Array<{ name: string; target: TypeName; many: boolean }>;
  /** Media and components: populatable, not filterable by scalar. */
  others: string[];
  privates: string[];
}

const SYSTEM_FIELDS = [
  { name: 'id', type: 'integer' },
  { name: 'documentId', type: 'string' },
  { name: 'createdAt', type: 'datetime' },
  { name: 'updatedAt', type: 'datetime' },
  { name: 'publishedAt', type: 'datetime' },
  { name: 'locale', type: 'string' },
];

function modelOf(schema: { info: { singularName: string; pluralName: string }; attributes: Record<string, Attribute> }): TypeModel {
  const name = schema.info.singularName as TypeName;
  const entries = Object.entries(schema.attributes);
  return {
    name,
    plural: schema.info.pluralName as TypeModel['plural'],
    graphqlType: `${name[0].toUpperCase()}${name.slice(1)}` as TypeModel['graphqlType'],
    scalars: [
      ...entries.filter(([, a]) => !['relation', 'media', 'component'].includes(a.type) && !a.private).map(([n, a]) => ({ name: n, type: a.type })),
      ...SYSTEM_FIELDS,
    ],
    relations: entries
      .filter(([, a]) => a.type === 'relation')
      .map(([n, a]) => ({ name: n, target: String(a.target).split('.').pop() as TypeName, many: String(a.relation).endsWith('ToMany') })),
    others: entries.filter(([, a]) => a.type === 'media' || a.type === 'component').map(([n]) => n),
    privates: entries.filter(([, a]) => a.private).map(([n]) => n),
  };
}

export const MODELS: Record<TypeName, TypeModel> = {
  article: modelOf(articleSchema),
  section: modelOf(sectionSchema),
  teaser: modelOf(teaserSchema),
};
const TYPES: TypeName[] = ['article', 'section', 'teaser'];

const JUNK_NAMES = ['', 'foo', '__proto__', 'constructor', 'password', 'title.x', '*', '$eq', 'articles.title', 'a'.repeat(80), 'Title', 'créé', '0'];

/** Every operator Strapi's query language knows, plus junk. */
export const OPERATORS = [
  '$eq',
  '$eqi',
  '$ne',
  '$nei',
  '$lt',
  '$lte',
  '$gt',
  '$gte',
  '$in',
  '$notIn',
  '$contains',
  '$notContains',
  '$containsi',
  '$notContainsi',
  '$null',
  '$notNull',
  '$between',
  '$startsWith',
  '$startsWithi',
  '$endsWith',
  '$endsWithi',
  '$and',
  '$or',
  '$not',
  '$foo',
  'eq',
  '$',
];
const ARRAY_OPERATORS = ['$in', '$notIn', '$between'];

// ---------------------------------------------------------------------------------------------------
// Values.

export function valueArb(values: WorldValues): fc.Arbitrary<string> {
  const documentIds = [...values.documentIds.articles, ...values.documentIds.sections, ...values.documentIds.teasers];
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...values.hiddenDocumentIds, ...documentIds) },
    { weight: 2, arbitrary: fc.constantFrom(...values.hiddenRowIds, ...values.rowIds).map(String) },
    { weight: 2, arbitrary: fc.constantFrom(...values.markers, ...values.hiddenSlugs, ...values.articleSlugs, ...values.sectionSlugs) },
    { weight: 1, arbitrary: fc.constantFrom('a', 'e', 'story', 'teaser', 'world', 'Story', 'Teaser', 'Aaa', 'rewritten', 'draft') },
    { weight: 1, arbitrary: fc.integer({ min: -3, max: 2 ** 31 + 3 }).map(String) },
    { weight: 1, arbitrary: fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'true',
        'false',
        'null',
        '',
        '0',
        '-1',
        '1.5',
        '1e309',
        'NaN',
        'abc',
        '2024-13-45T99:99',
        '%',
        "'",
        '"',
        '\\',
        '*',
        '[]',
        '{}',
        '😀',
        'é',
        'x'.repeat(300),
        "' OR 1=1 --",
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  );
}

// ---------------------------------------------------------------------------------------------------
// Locales.

/** Locale codes that are not offered, and what is not a locale code at all. */
export const HOSTILE_LOCALES = [
  '*',
  'all',
  'ALL',
  'any',
  'default',
  'de-DE',
  'DE',
  'De',
  'EN',
  'en-US',
  'en_US',
  'pt-BR',
  'fr',
  'xx',
  'zz-ZZ',
  'i-klingon',
  'de-',
  '-de',
  'de--DE',
  ' de',
  'de ',
  'de,en',
  'de;q=0.9',
  'null',
  'undefined',
  '0',
  '',
  '%',
  "de'",
  'de"',
  'de\\',
  '../de',
  'dé',
  'ДЕ',
  'ꓓꓰ',
  '\uFF44\uFF45',
  'de\u0000',
  '\u202Ede',
  '😀',
  `de-${'x'.repeat(40)}`,
  'x'.repeat(300),
  `${'de-'.repeat(400)}de`,
];

/** A `locale` value: mostly an offered one (the world's `de` and `en`), often a hostile one. */
export function localeValueArb(values: WorldValues): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...values.locales) },
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_LOCALES) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8}){0,2}$/) },
  );
}

/** `locale` in a query string: one value mostly; else repeated (an array), indexed, or an object. */
function localePairsArb(values: WorldValues): fc.Arbitrary<Pair[]> {
  const locale = localeValueArb(values);
  return fc.oneof(
    { weight: 8, arbitrary: locale.map((v): Pair[] => [[['locale'], v]]) },
    {
      weight: 1,
      arbitrary: fc.tuple(locale, locale).map(([a, b]): Pair[] => [
        [['locale'], a],
        [['locale'], b],
      ]),
    },
    { weight: 1, arbitrary: fc.array(locale, { minLength: 1, maxLength: 3 }).map((vs): Pair[] => vs.map((v, i) => [['locale', String(i)], v])) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('', '$eq', '$in', '$ne', 'code', '0', '__proto__', 'de'), locale).map(([k, v]): Pair[] => [[['locale', k], v]]),
    },
  );
}

/** Pairs with a `locale` about half the time. */
function withLocaleArb(values: WorldValues, pairs: fc.Arbitrary<Pair[]>): fc.Arbitrary<Pair[]> {
  return fc
    .tuple(pairs, fc.oneof(fc.constant<Pair[]>([]), localePairsArb(values)), fc.boolean())
    .map(([own, locale, first]) => (first ? [...locale, ...own] : [...own, ...locale]));
}

// ---------------------------------------------------------------------------------------------------
// REST: a query is a list of [key path, value] pairs, serialised at the end in one of several syntaxes.

type Pair = [string[], string];
const under = (prefix: string[], pairs: Pair[]): Pair[] => pairs.map(([key, value]) => [[...prefix, ...key], value]);

function fieldNameArb(model: TypeModel): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 14, arbitrary: fc.constantFrom(...model.scalars.map((s) => s.name)) },
    { weight: 1, arbitrary: fc.constantFrom(...model.relations.map((r) => r.name), ...model.others, ...model.privates) },
    { weight: 1, arbitrary: fc.constantFrom(...JUNK_NAMES) },
  );
}

/** A dotted relation path walked through the schema (`section.articles.section…`), sometimes with a junk or scalar tail. */
function relationPathArb(model: TypeModel, maxSegments: number): fc.Arbitrary<string> {
  return fc
    .record({
      length: fc.integer({ min: 1, max: maxSegments }),
      choices: fc.array(fc.nat(), { minLength: maxSegments, maxLength: maxSegments }),
      tail: fc.oneof(
        { weight: 6, arbitrary: fc.nat().map((n) => ({ scalar: n })) },
        { weight: 2, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constantFrom('*', ...JUNK_NAMES) },
      ),
    })
    .map(({ length, choices, tail }) => {
      const segments: string[] = [];
      let current = model;
      for (let k = 0; k < length; k += 1) {
        // Mostly relations, so that walks go deep (a media or component name ends the walk).
        const relations = choices[k] % 8 === 0 ? current.others : current.relations.map((r) => r.name);
        const name = relations[Math.floor(choices[k] / 8) % relations.length];
        segments.push(name);
        const relation = current.relations.find((r) => r.name === name);
        if (!relation) break;
        current = MODELS[relation.target];
      }
      // The tail: a scalar field of the model the walk ended on (what sorting and filtering through relations name), or junk.
      if (typeof tail === 'string') segments.push(tail);
      else if (tail !== null) segments.push(current.scalars[tail.scalar % current.scalars.length].name);
      return segments.join('.');
    });
}

function restGrammar(values: WorldValues) {
  const value = valueArb(values);
  const op = fc.constantFrom(...OPERATORS);

  const condition = (model: TypeModel): fc.Arbitrary<Pair[]> =>
    fc.oneof(
      // bare value
      fc.tuple(fieldNameArb(model), value).map(([field, v]): Pair[] => [[[field], v]]),
      // one operator
      fc.tuple(fieldNameArb(model), op, value).map(([field, o, v]): Pair[] => [[[field, o], v]]),
      // array operators, with indexes or `[]`
      fc
        .tuple(fieldNameArb(model), fc.constantFrom(...ARRAY_OPERATORS, '$eq'), fc.array(value, { minLength: 1, maxLength: 3 }), fc.boolean())
        .map(([field, o, vs, indexed]): Pair[] => vs.map((v, i) => [[field, o, indexed ? String(i) : ''], v])),
    );

  const sortTermArb = (model: TypeModel) =>
    fc
      .tuple(
        // Through relations often: an order by a relation's rows is where hidden rows can show.
        fc.oneof({ weight: 3, arbitrary: fieldNameArb(model) }, { weight: 3, arbitrary: relationPathArb(model, 3) }),
        fc.oneof({ weight: 6, arbitrary: fc.constantFrom('', ':asc', ':desc') }, fc.constantFrom(':ASC', ':DESC', ':sideways', ':', ':asc:desc')),
      )
      .map(([field, dir]) => `${field}${dir}`);

  /** `sort` in every form: a string, a comma list, indexes, the object form. */
  function sortArb(model: TypeModel): fc.Arbitrary<Pair[]> {
    return fc.oneof(
      sortTermArb(model).map((term): Pair[] => [[['sort'], term]]),
      fc.array(sortTermArb(model), { minLength: 2, maxLength: 3 }).map((terms): Pair[] => [[['sort'], terms.join(',')]]),
      fc.array(sortTermArb(model), { minLength: 1, maxLength: 3 }).map((terms): Pair[] => terms.map((t, i) => [['sort', String(i)], t])),
      fc.tuple(fieldNameArb(model), fc.constantFrom('asc', 'desc', 'up')).map(([f, d]): Pair[] => [[['sort', f], d]]),
      fc.tuple(fieldNameArb(model), fc.constantFrom('asc', 'desc')).map(([f, d]): Pair[] => [[['sort', '0', f], d]]),
      fc
        .tuple(fc.constantFrom(...model.relations.map((r) => r.name)), fieldNameArb(model), fc.constantFrom('asc', 'desc'))
        .map(([r, f, d]): Pair[] => [[['sort', r, f], d]]),
    );
  }

  const tied = fc.letrec<Record<`filter_${TypeName}` | `populate_${TypeName}`, Pair[]>>((tie) => {
    const filter = (model: TypeModel): fc.Arbitrary<Pair[]> =>
      fc.oneof(
        { maxDepth: 3, depthIdentifier: 'filters', withCrossShrink: true },
        { weight: 4, arbitrary: condition(model) },
        // through a relation, into the target's fields
        {
          weight: 2,
          arbitrary: fc.constantFrom(...model.relations).chain((rel) => tie(`filter_${rel.target}`).map((pairs) => under([rel.name], pairs))),
        },
        // straight on a relation: a bare id, an index, an operator
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              fc.constantFrom(...model.relations.map((r) => r.name)),
              fc.oneof(
                fc.constant<string[]>([]),
                fc.constant(['0']),
                fc.constant(['id']),
                op.map((o) => [o]),
                op.map((o) => [o, '0']),
              ),
              value,
            )
            .map(([rel, rest, v]): Pair[] => [[[rel, ...rest], v]]),
        },
        // logical operators, well and badly shaped
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.constantFrom('$and', '$or'), fc.array(tie(`filter_${model.name}`), { minLength: 1, maxLength: 2 }))
            .map(([logic, subs]) => subs.flatMap((pairs, i) => under([logic, String(i)], pairs))),
        },
        { weight: 1, arbitrary: tie(`filter_${model.name}`).map((pairs) => under(['$not'], pairs)) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.constantFrom('$and', '$or', '$not'), fc.constantFrom<string[]>([], ['slug'], ['0'], ['0', '0']))
            .chain(([logic, rest]) => value.map((v): Pair[] => [[[logic, ...rest], v]])),
        },
      );

    /** The object form of populate for one type: keys start with a relation (or media/component) name. */
    const populate = (model: TypeModel): fc.Arbitrary<Pair[]> => {
      const names = [...model.relations.map((r) => r.name), ...model.others];
      const targetOf = (name: string) => model.relations.find((r) => r.name === name)?.target;
      const options = (name: string): fc.Arbitrary<Pair[]> => {
        const target = targetOf(name);
        const targetModel = target ? MODELS[target] : null;
        return fc.oneof(
          { maxDepth: 3, depthIdentifier: 'populate', withCrossShrink: true },
          { weight: 3, arbitrary: fc.constantFrom('true', '*', 'false', '1', 'yes', '').map((v): Pair[] => [[[], v]]) },
          ...(targetModel
            ? [
                { weight: 2, arbitrary: tie(`populate_${targetModel.name}`).map((pairs) => under(['populate'], pairs)) },
                { weight: 1, arbitrary: fc.oneof(fc.constant('*'), relationPathArb(targetModel, 6)).map((v): Pair[] => [[['populate'], v]]) },
                {
                  weight: 1,
                  arbitrary: fc
                    .array(fieldNameArb(targetModel), { minLength: 1, maxLength: 3 })
                    .map((fs): Pair[] => fs.map((f, i) => [['fields', String(i)], f])),
                },
                { weight: 1, arbitrary: tie(`filter_${targetModel.name}`).map((pairs) => under(['filters'], pairs)) },
                { weight: 1, arbitrary: sortArb(targetModel).map((pairs) => under([], pairs)) },
              ]
            : []),
          {
            weight: 1,
            arbitrary: fc.tuple(fc.constantFrom('count', 'on', 'limit', 'start', 'publicationState', 'status'), value).map(([k, v]): Pair[] => [[[k], v]]),
          },
        );
      };
      return fc
        .uniqueArray(fc.constantFrom(...names, ...JUNK_NAMES.slice(0, 3)), { minLength: 1, maxLength: 3 })
        .chain((chosen) => fc.tuple(...chosen.map((name) => options(name).map((pairs) => under([name], pairs)))))
        .map((lists) => lists.flat());
    };

    return {
      filter_article: filter(MODELS.article),
      filter_section: filter(MODELS.section),
      filter_teaser: filter(MODELS.teaser),
      populate_article: populate(MODELS.article),
      populate_section: populate(MODELS.section),
      populate_teaser: populate(MODELS.teaser),
    };
  });

  const fieldsArb = (model: TypeModel): fc.Arbitrary<Pair[]> =>
    fc.oneof(
      fieldNameArb(model).map((f): Pair[] => [[['fields'], f]]),
      fc.array(fieldNameArb(model), { minLength: 2, maxLength: 4 }).map((fs): Pair[] => [[['fields'], fs.join(',')]]),
      fc.array(fieldNameArb(model), { minLength: 1, maxLength: 4 }).map((fs): Pair[] => fs.map((f, i) => [['fields', String(i)], f])),
      fc.tuple(fieldNameArb(model), fieldNameArb(model)).map(([k, f]): Pair[] => [[['fields', k], f]]),
    );

  const populateArb = (model: TypeModel): fc.Arbitrary<Pair[]> =>
    fc.oneof(
      fc.constantFrom('*', 'true', 'false', '', '**', 'deep').map((v): Pair[] => [[['populate'], v]]),
      fc
        .uniqueArray(fc.constantFrom(...model.relations.map((r) => r.name), ...model.others), { minLength: 1, maxLength: 4 })
        .map((names): Pair[] => [[['populate'], names.join(',')]]),
      { arbitrary: relationPathArb(model, 16).map((p): Pair[] => [[['populate'], p]]), weight: 2 },
      fc.array(relationPathArb(model, 5), { minLength: 1, maxLength: 3 }).map((ps): Pair[] => ps.map((p, i) => [['populate', String(i)], p])),
      { arbitrary: tied[`populate_${model.name}`].map((pairs) => under(['populate'], pairs)), weight: 3 },
    );

  const paginationArb: fc.Arbitrary<Pair[]> = fc
    .tuple(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.constantFrom<string[]>(['pagination', 'page'], ['pagination', 'pageSize'], ['pagination', 'start'], ['pagination', 'limit']),
        },
        fc.constantFrom<string[]>(['pagination', 'withCount'], ['pagination', 'foo'], ['page'], ['pageSize'], ['start'], ['limit'], ['pagination']),
      ),
      fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 100 }).map(String) }, fc.constantFrom('0', '101', '1000000', '-1', 'abc', '1.5', 'true', '')),
    )
    .map(([key, v]): Pair[] => [[key, v]]);

  const scalarParamArb: fc.Arbitrary<Pair[]> = fc
    .tuple(
      fc.oneof(
        { weight: 4, arbitrary: fc.constant('status') },
        fc.constantFrom('locale', '_q', 'publicationState', 'publicationFilter', 'hasPublishedVersion', 'unknownKey', 'secret'),
      ),
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom('draft', 'published') }, fc.constantFrom('DRAFT', 'en', 'fr', '*', 'all', 'modified', 'true'), value),
    )
    .map(([k, v]): Pair[] => [[[k], v]]);

  /** A core query for one type: a few parameters of every kind. */
  const coreQuery = (model: TypeModel): fc.Arbitrary<Pair[]> =>
    fc
      .array(
        fc.oneof(
          { weight: 3, arbitrary: tied[`filter_${model.name}`].map((pairs) => under(['filters'], pairs)) },
          { weight: 3, arbitrary: populateArb(model) },
          { weight: 2, arbitrary: sortArb(model) },
          { weight: 1, arbitrary: fieldsArb(model) },
          { weight: 1, arbitrary: paginationArb },
          { weight: 1, arbitrary: scalarParamArb },
        ),
        { maxLength: 3 },
      )
      .map((parts) => parts.flat());

  return { coreQuery, value };
}

/** Percent-encodes what a request target cannot carry raw, and what would change the query's structure. */
const minimal = (text: string) => text.replace(/[^\x21-\x7e]|[%#&+]/gu, (ch) => encodeURIComponent(ch));

/** Lone surrogates (fast-check strings have them) as U+FFFD: a URL cannot carry them, encodeURIComponent throws. */
const wellFormed = (text: string) => text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** The query string: keys with raw brackets, with `%5B…%5D`, or as dotted-free raw text; values encoded fully or minimally. */
function serialise(pairs: Pair[], style: 'brackets' | 'encoded' | 'raw'): string {
  return pairs
    .map(([rawKey, rawValue]) => {
      const [head, ...rest] = rawKey.map(wellFormed);
      const value = wellFormed(rawValue);
      const name = `${head}${rest.map((part) => `[${part}]`).join('')}`;
      if (style === 'encoded') return `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
      if (style === 'brackets') return `${minimal(name)}=${encodeURIComponent(value)}`;
      return `${minimal(name)}=${minimal(value)}`;
    })
    .join('&');
}

const withQuery = (base: string, pairs: Pair[], style: 'brackets' | 'encoded' | 'raw') => (pairs.length ? `${base}?${serialise(pairs, style)}` : base);

// ---------------------------------------------------------------------------------------------------
// Search: `q` in the web-search syntax (src/search/query.ts), what engines would read as their own syntax, and junk.

/** Words of visible content and of the syntax (the demo seed's common words, operators in every case). */
const SEARCH_WORDS = ['the', 'a', 'story', 'teaser', 'world', 'news', 'body', 'of', 'leak', 'desk', 'or', 'OR', 'Or', 'and', 'AND', 'not', 'NOT', 'NEAR'];
/** What FTS5, tsquery, LIKE and SQL would read as syntax; and characters a URL or a parser may choke on. */
const SEARCH_HOSTILE = [
  'NEAR(story world, 2)',
  'NEAR(a b)',
  'story*',
  '*',
  '^story',
  'title:story',
  'body : world',
  '{title body}:story',
  '(story OR world)',
  '((((((((((a',
  ')))',
  '"',
  '""',
  '"""',
  '"story',
  'story"world',
  '-',
  '--story',
  '- -',
  '-"story world"',
  'story & world | !news',
  'story <-> world',
  'story:*',
  "story:A & 'world'",
  '!!news',
  "' OR 1=1 --",
  "'; DROP TABLE articles; --",
  '%',
  '_',
  '\\',
  '\\"',
  '<script>alert(1)</script>',
  '<b>story</b>',
  '&amp;',
  '😀',
  '👩‍👩‍👧',
  'İstanbul',
  'straße STRASSE',
  'ﬁre',
  'Zu\u0308rich',
  'مرحبا بالعالم',
  '\u202Eevil',
  '\u200B',
  '\uFEFFstory',
  '\u0000',
  'story\u0001world',
  '\u001F',
  '\u007F',
  '\u0085',
  '\t\n\r',
  '\uE000story\uE001',
  '\uE002script\uE003',
  '\uFFFF',
  '\uD800',
];

export function searchQueryArb(values: WorldValues): fc.Arbitrary<{ q: string; findsNothing: boolean }> {
  /** Words only hidden content holds: a search for them must find nothing. */
  const hiddenWord = fc.constantFrom(...values.markers, ...values.hiddenSlugs, ...values.hiddenDocumentIds);
  const visibleWord = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...values.visibleWords) },
    fc.constantFrom(...SEARCH_WORDS),
    fc.constantFrom(...values.articleSlugs, ...values.sectionSlugs),
  );
  const token = fc.oneof(
    { weight: 8, arbitrary: visibleWord },
    { weight: 4, arbitrary: hiddenWord },
    { weight: 2, arbitrary: fc.constantFrom(...SEARCH_HOSTILE) },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
  );
  const spaced = (tokens: string[], joins: string[]) => tokens.map((t, k) => `${t}${joins[k] ?? ''}`).join('');
  const joiner = fc.constantFrom(' ', ' ', ' ', '', '  ', '\t');
  const mixed = fc
    .array(fc.tuple(fc.constantFrom('', '', '', '-', '"', '-"'), token, fc.constantFrom('', '', '', '"'), joiner), { minLength: 1, maxLength: 6 })
    .map((parts) => ({ q: parts.map(([pre, t, post, join]) => `${pre}${t}${post}${join}`).join(''), findsNothing: false }));
  /** Only hidden words to find (in any syntax), excluded visible ones: a leak would show in the total and the counts. */
  const hiddenOnly = fc
    .tuple(
      fc.array(fc.tuple(hiddenWord, fc.constantFrom('', '"')), { minLength: 1, maxLength: 3 }),
      fc.array(fc.constantFrom(' ', ' or ', ' OR '), { minLength: 3, maxLength: 3 }),
      fc.array(
        visibleWord.map((w) => `-${w}`),
        { maxLength: 2 },
      ),
    )
    .map(([words, joins, excluded]) => ({
      q: `${spaced(
        words.map(([w, quote]) => `${quote}${w}${quote}`),
        joins,
      )} ${excluded.join(' ')}`,
      findsNothing: true,
    }));
  /** What readers type: a few words of visible titles, sometimes alternatives. */
  const plain = fc
    .tuple(fc.array(visibleWord, { minLength: 1, maxLength: 3 }), fc.constantFrom(' ', ' or ', ' OR '))
    .map(([words, join]) => ({ q: words.join(join), findsNothing: false }));
  return fc.oneof(
    { weight: 6, arbitrary: plain },
    { weight: 4, arbitrary: mixed },
    { weight: 3, arbitrary: hiddenOnly },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((q) => ({ q, findsNothing: false })) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((q) => ({ q, findsNothing: false })) },
    // Past the length and word limits (a URL stays well under Node's 16 KiB header limit).
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.oneof(visibleWord, hiddenWord, fc.constantFrom(...SEARCH_HOSTILE)), fc.integer({ min: 17, max: 150 }), joiner)
        .map(([word, n, join]) => ({ q: Array.from({ length: n }, () => word).join(join || ' '), findsNothing: false })),
    },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '-', 'or', '""', '-story', 'x'.repeat(201), 'a '.repeat(17)).map((q) => ({ q, findsNothing: false })) },
  );
}

/** A search date bound: days and instants in and out of range, and what is not one. */
const searchDateArb = fc.oneof(
  { weight: 3, arbitrary: fc.date({ min: new Date('1990-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 2, arbitrary: fc.date({ min: new Date('1990-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString()) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '2024-02-29',
      '2023-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-1-1',
      '2016-05-17T21:42:00+02:00',
      '2016-05-17T21:42',
      '2016-05-17T25:61:00Z',
      '2016-05-17T21:42:00+99:99',
      '0000-01-01',
      '9999-12-31',
      '275760-09-13',
      '1e12',
      'now',
      'yesterday',
      '',
      ' ',
      'null',
      '2016-05-17 21:42:00',
    ),
  },
);

function searchCaseArb(values: WorldValues, value: fc.Arbitrary<string>, extra: fc.Arbitrary<Pair[]>, locale: fc.Arbitrary<Pair[]>): fc.Arbitrary<FuzzCase> {
  const pageNumber = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 60 }).map(String) },
    fc.constantFrom('0', '-1', '01', '1.5', '1e2', 'abc', '', '101', '1000', '1001', '999999', '9999999', '2147483648', ' 1'),
  );
  const param = (key: string, arb: fc.Arbitrary<string>, weight: number) => ({ weight, arbitrary: arb.map((v): Pair[] => [[[key], v]]) });
  const optional = fc.array(
    fc.oneof(
      param('section', fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...values.sectionSlugs) }, value), 6),
      param('from', searchDateArb, 4),
      param('to', searchDateArb, 4),
      param('page', pageNumber, 4),
      param('pageSize', pageNumber, 4),
      { weight: 6, arbitrary: locale },
      // A parameter twice (an array), or as an object: one value each, or a 400.
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom('q', 'section', 'page', 'from'), value, value).map(([k, v, w]): Pair[] => [
          [[k], v],
          [[k], w],
        ]),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom('q', 'section', 'pageSize'), fc.constantFrom('$eq', '0', '', 'x'), value).map(([k, o, v]): Pair[] => [[[k, o], v]]),
      },
      // Keys outside the search contract: a 400.
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom('status', 'populate', 'sort', 'limit', 'start', 'fields', 'pagination', 'filters', '_q', 'unknownKey', 'Q', 'q '), value)
          .map(([k, v]): Pair[] => [[[k], v]]),
      },
      { weight: 1, arbitrary: extra },
    ),
    { maxLength: 3 },
  );
  return fc
    .tuple(
      fc.option(searchQueryArb(values), { freq: 12, nil: undefined }),
      fc.oneof(fc.constant([]), optional),
      fc.constantFrom<'brackets' | 'encoded' | 'raw'>('brackets', 'encoded', 'raw'),
    )
    .map(([query, pairs, style]): FuzzCase => {
      const all: Pair[] = [...(query === undefined ? [] : [[['q'], query.q] as Pair]), ...pairs.flat()];
      return {
        surface: 'REST search',
        method: 'GET',
        path: withQuery('/api/search', all, style),
        ...(query?.findsNothing ? { findsNothing: true } : {}),
      };
    });
}

export function restCaseArb(values: WorldValues): fc.Arbitrary<FuzzCase> {
  const { coreQuery: coreQueryOnly, value } = restGrammar(values);
  /** Every surface's own parameters, with a `locale` about half the time. */
  const localed = (pairs: fc.Arbitrary<Pair[]>) => withLocaleArb(values, pairs);
  const coreQuery = (model: TypeModel) => localed(coreQueryOnly(model));
  const style = fc.constantFrom<'brackets' | 'encoded' | 'raw'>('brackets', 'brackets', 'encoded', 'raw');
  const junkId = fc.constantFrom('0', '1', 'null', 'undefined', 'x'.repeat(30), '%2e%2e', '..', 'by-slug');
  const segment = (arb: fc.Arbitrary<string>) => arb.map((s) => (s === '%2e%2e' ? s : encodeURIComponent(wellFormed(s))));

  const core = TYPES.map((type) => {
    const model = MODELS[type];
    const surface = `REST ${model.plural}` as Surface;
    const id = segment(fc.oneof(fc.constantFrom(...values.hiddenDocumentIds, ...values.documentIds[model.plural]), junkId));
    return fc.oneof(
      fc.tuple(coreQuery(model), style).map(([pairs, s]): FuzzCase => ({ surface, method: 'GET', path: withQuery(`/api/${model.plural}`, pairs, s) })),
      fc
        .tuple(id, coreQuery(model), style)
        .map(([documentId, pairs, s]): FuzzCase => ({ surface, method: 'GET', path: withQuery(`/api/${model.plural}/${documentId}`, pairs, s) })),
    );
  });

  const ownOrCore = (own: fc.Arbitrary<Pair[]>, model: TypeModel) => fc.oneof({ weight: 3, arbitrary: own }, { weight: 1, arbitrary: coreQuery(model) });
  const limitValue = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 20 }).map(String) }, fc.constantFrom('0', '21', '-1', 'abc', '', '1e9', '1.5'));
  const bySlug = fc
    .tuple(
      segment(fc.oneof(fc.constantFrom(...values.hiddenSlugs, ...values.articleSlugs), value)),
      ownOrCore(localed(fc.option(limitValue, { nil: undefined }).map((v): Pair[] => (v === undefined ? [] : [[['moreFromLimit'], v]]))), MODELS.article),
      style,
    )
    .map(([slug, pairs, s]): FuzzCase => ({ surface: 'REST by-slug', method: 'GET', path: withQuery(`/api/articles/by-slug/${slug}`, pairs, s) }));
  const moreFrom = fc
    .tuple(
      segment(fc.oneof(fc.constantFrom(...values.sectionSlugs), value)),
      ownOrCore(
        localed(
          fc
            .tuple(fc.option(limitValue, { nil: undefined }), fc.option(fc.constantFrom(...values.hiddenSlugs, ...values.articleSlugs), { nil: undefined }))
            .map(([limit, exclude]): Pair[] => [
              ...(limit === undefined ? [] : [[['limit'], limit] as Pair]),
              ...(exclude === undefined ? [] : [[['exclude'], exclude] as Pair]),
            ]),
        ),
        MODELS.section,
      ),
      style,
    )
    .map(([slug, pairs, s]): FuzzCase => ({ surface: 'REST more-from', method: 'GET', path: withQuery(`/api/sections/${slug}/more-from`, pairs, s) }));
  const preview = fc
    .tuple(
      segment(fc.oneof(fc.constantFrom(...values.hiddenDocumentIds, ...values.documentIds.articles), junkId)),
      ownOrCore(
        localed(
          fc.subarray<Pair>([
            [['status'], 'draft'],
            [['secret'], 'not-the-secret'],
            [['moreFromLimit'], '5'],
          ]),
        ),
        MODELS.article,
      ),
      style,
    )
    .map(([documentId, pairs, s]): FuzzCase => ({ surface: 'REST preview', method: 'GET', path: withQuery(`/api/preview/articles/${documentId}`, pairs, s) }));

  const pageNumber = fc.oneof(fc.constantFrom('1', '2', '0', '01', '-1', '1.5', '999999', '9999999', 'abc', ''), value);
  const feedPath = fc.oneof(
    fc.constantFrom('/api/feed.xml', '/api/feed.json', '/api/sitemap.xml', '/api/sitemaps/sections.xml', '/api/sitemaps/news.xml'),
    fc
      .tuple(segment(fc.oneof(fc.constantFrom(...values.sectionSlugs), value)), fc.constantFrom('xml', 'json'))
      .map(([slug, format]) => `/api/sections/${slug}/feed.${format}`),
    segment(pageNumber).map((page) => `/api/sitemaps/articles/${page}.xml`),
  );
  const feeds = fc
    .tuple(feedPath, fc.oneof({ weight: 2, arbitrary: localed(fc.constant<Pair[]>([])) }, coreQuery(MODELS.article)), style)
    .map(([base, pairs, s]): FuzzCase => ({ surface: 'REST feeds', method: 'GET', path: withQuery(base, pairs, s) }));

  const search = searchCaseArb(values, value, coreQuery(MODELS.article), localePairsArb(values));

  // The history's admin API (src/history/routes.ts) without an admin session: every form of request is a 401, for
  // hidden documents as for others, with nothing of a version in it.
  const historyId = segment(fc.oneof(fc.constantFrom('1', '2', '3', '999999'), junkId, value));
  const historyParams = fc.oneof(
    coreQuery(MODELS.article),
    localed(
      fc
        .tuple(
          fc.constantFrom(...values.hiddenDocumentIds, ...values.documentIds.articles),
          fc.constantFrom('api::article.article', 'api::teaser.teaser', 'api::section.section', 'x'),
        )
        .map(([documentId, uid]): Pair[] => [
          [['uid'], uid],
          [['documentId'], documentId],
        ]),
    ),
  );
  const history = fc
    .tuple(
      fc.oneof(
        fc.constantFrom('/newsroom-history/versions', '/newsroom-history/audit', '/newsroom-history/compare', '/newsroom-history/corrections'),
        historyId.map((id) => `/newsroom-history/versions/${id}`),
        historyId.map((id) => `/newsroom-history/versions/${id}/restore`),
      ),
      historyParams,
      style,
      fc.constantFrom<'GET' | 'POST'>('GET', 'GET', 'POST'),
      fc.constantFrom(...values.hiddenDocumentIds, ...values.documentIds.articles),
    )
    .map(([base, pairs, s, method, documentId]): FuzzCase => ({
      surface: 'Admin history',
      method,
      path: withQuery(base, pairs, s),
      ...(method === 'POST' ? { body: JSON.stringify({ uid: 'api::article.article', documentId, text: 'A correction nobody may append' }) } : {}),
    }));

  return fc.oneof(
    { weight: 3, arbitrary: core[0] },
    { weight: 2, arbitrary: core[1] },
    { weight: 2, arbitrary: core[2] },
    bySlug,
    moreFrom,
    preview,
    feeds,
    { weight: 3, arbitrary: search },
    history,
  );
}

// ---------------------------------------------------------------------------------------------------
// GraphQL.

/** A GraphQL input value, written as a literal or passed as a variable. */
type GqlValue = string | number | boolean | null | GqlValue[] | { [key: string]: GqlValue } | { enum: string };

function literal(value: GqlValue): string {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if ('enum' in value && typeof value.enum === 'string' && Object.keys(value).length === 1) return value.enum;
  return `{ ${Object.entries(value as Record<string, GqlValue>)
    .map(([k, v]) => `${k}: ${literal(v)}`)
    .join(', ')} }`;
}

const GQL_SCALARS: Record<TypeName, string[]> = {
  article: ['documentId', 'title', 'slug', 'byline', 'body', 'publicationDate', 'lastUpdatedAt', 'createdAt', 'updatedAt', 'publishedAt', '__typename'],
  section: ['documentId', 'name', 'slug', 'description', 'createdAt', 'updatedAt', 'publishedAt'],
  teaser: ['documentId', 'headline', 'summary', 'position', 'startsAt', 'endsAt', 'createdAt', 'updatedAt', 'publishedAt'],
};
/** Fields of objects that are not content types (media, components, the computed reader fields). */
const GQL_EXTRAS: Record<TypeName, string[]> = {
  article: [
    'cover { url alternativeText }',
    'seo { metaTitle metaDescription }',
    'lastUpdate { label datetime formatted timeZone }',
    'moreFrom { title items { documentId slug headline summary } }',
  ],
  section: ['moreFrom { title items { documentId slug headline } }'],
  teaser: ['image { url }'],
};
const GQL_JUNK_FIELDS = ['scheduledAt', 'id', 'foo', 'password'];
const GQL_SEARCH_SELECTION = [
  'data { documentId slug title snippet publicationDate }',
  'data { section { documentId slug name } lastUpdate { label datetime formatted timeZone } }',
  'pagination { page pageSize pageCount total }',
  'sections { documentId slug name count }',
];
const DATE_FIELDS = ['publicationDate', 'lastUpdatedAt', 'createdAt', 'updatedAt', 'publishedAt', 'startsAt', 'endsAt'];
const GQL_OPERATORS = [
  'eq',
  'eqi',
  'ne',
  'nei',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
  'notIn',
  'contains',
  'notContains',
  'containsi',
  'notContainsi',
  'null',
  'notNull',
  'between',
  'startsWith',
  'endsWith',
];

export function graphqlCaseArb(values: WorldValues): fc.Arbitrary<FuzzCase> {
  const rest = valueArb(values);
  const scalarValue: fc.Arbitrary<GqlValue> = fc.oneof({ weight: 4, arbitrary: rest }, fc.integer({ min: -5, max: 1000 }), fc.boolean(), fc.constant(null));
  /** A value of the field's own type mostly (else the request is only a validation error), sometimes any. */
  const typed = (field: string): fc.Arbitrary<GqlValue> => {
    const own: fc.Arbitrary<GqlValue> = DATE_FIELDS.includes(field)
      ? fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString())
      : field === 'position'
        ? fc.integer({ min: -1, max: 60 })
        : rest;
    return fc.oneof({ weight: 8, arbitrary: own }, scalarValue);
  };
  const condition = (type: TypeName): fc.Arbitrary<Record<string, GqlValue>> =>
    fc
      .tuple(
        fc.oneof(
          { weight: 12, arbitrary: fc.constantFrom(...GQL_SCALARS[type].filter((f) => !['__typename', 'body'].includes(f))) },
          fc.constantFrom(...GQL_JUNK_FIELDS),
        ),
        fc.constantFrom(...GQL_OPERATORS),
      )
      .chain(([field, operator]) => {
        const v = ['in', 'notIn', 'between'].includes(operator)
          ? fc.array(typed(field), { maxLength: 3 })
          : ['null', 'notNull'].includes(operator)
            ? fc.oneof({ weight: 4, arbitrary: fc.boolean() }, scalarValue)
            : typed(field);
        return v.map((value) => ({ [field]: { [operator]: value } }));
      });

  const filterOf = fc.letrec<Record<TypeName, Record<string, GqlValue>>>((tie) => {
    const filter = (type: TypeName) =>
      fc.oneof(
        { maxDepth: 3, depthIdentifier: 'gql-filters', withCrossShrink: true },
        { weight: 4, arbitrary: condition(type) },
        { weight: 2, arbitrary: fc.constantFrom(...MODELS[type].relations).chain((rel) => tie(rel.target).map((sub) => ({ [rel.name]: sub }))) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom('and', 'or'), fc.array(tie(type), { maxLength: 2 })).map(([logic, subs]) => ({ [logic]: subs })) },
        { weight: 1, arbitrary: tie(type).map((sub) => ({ not: sub })) },
      );
    return { article: filter('article'), section: filter('section'), teaser: filter('teaser') };
  });

  const sortOf = (type: TypeName): fc.Arbitrary<GqlValue> => {
    const term = fc
      .tuple(
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...GQL_SCALARS[type].filter((f) => f !== '__typename')) },
          { weight: 2, arbitrary: relationPathArb(MODELS[type], 3) },
          fc.constantFrom(...JUNK_NAMES),
        ),
        fc.constantFrom('', ':asc', ':desc', ':up'),
      )
      .map(([f, d]) => `${f}${d}`);
    return fc.oneof(term, fc.array(term, { minLength: 1, maxLength: 3 }));
  };
  const paginationValue: fc.Arbitrary<GqlValue> = fc.oneof(
    fc.record({ page: fc.integer({ min: -1, max: 50 }), pageSize: fc.integer({ min: -1, max: 200 }) }, { requiredKeys: [] }),
    fc.record({ start: fc.integer({ min: -1, max: 50 }), limit: fc.integer({ min: -1, max: 200 }) }, { requiredKeys: [] }),
  );
  const status: fc.Arbitrary<GqlValue> = fc.constantFrom({ enum: 'DRAFT' }, { enum: 'PUBLISHED' });
  /** A `locale` argument: a string mostly (offered or hostile), sometimes another type (as a variable it reaches the resolver unchecked). */
  const locale: fc.Arbitrary<GqlValue> = fc.oneof(
    { weight: 8, arbitrary: localeValueArb(values).map(wellFormed) },
    fc.constantFrom<GqlValue>(null, 0, 1.5, true, [], ['de'], ['de', 'en'], { code: 'de' }, { enum: 'de' }, { enum: 'ALL' }),
  );
  /** `, locale: …` about half the time. */
  const localeSuffix = fc.oneof(
    fc.constant(''),
    locale.map((v) => `, locale: ${literal(v)}`),
  );

  /** Arguments of a list or connection; each is present or not. */
  const listArgs = (type: TypeName, root: boolean) =>
    fc.record(
      { filters: filterOf[type], sort: sortOf(type), pagination: paginationValue, ...(root ? { status, locale } : {}) },
      { requiredKeys: [] },
    ) as fc.Arbitrary<Record<string, GqlValue>>;
  const args = (record: Record<string, GqlValue>) => {
    const entries = Object.entries(record);
    return entries.length ? `(${entries.map(([k, v]) => `${k}: ${literal(v)}`).join(', ')})` : '';
  };
  const alias = fc.option(fc.tuple(fc.constantFrom('a', 'other'), fc.nat(9999)), { freq: 3 }).map((a) => (a ? `${a[0]}${a[1]}: ` : ''));

  const selections = fc.letrec<Record<TypeName, string>>((tie) => {
    const selection = (type: TypeName) => {
      const model = MODELS[type];
      const field = fc.oneof(
        { maxDepth: 4, depthIdentifier: 'gql-selection', withCrossShrink: true },
        { weight: 8, arbitrary: fc.constantFrom(...GQL_SCALARS[type]) },
        { weight: 1, arbitrary: fc.constantFrom(...GQL_EXTRAS[type]) },
        { weight: 1, arbitrary: fc.oneof({ weight: 6, arbitrary: fc.constant(GQL_SCALARS[type][0]) }, fc.constantFrom(...GQL_JUNK_FIELDS)) },
        {
          weight: 3,
          arbitrary: fc
            .constantFrom(...model.relations)
            .chain((rel) =>
              fc
                .tuple(alias, rel.many ? listArgs(rel.target, false) : fc.constant({}), tie(rel.target), fc.boolean())
                .map(([a, argRecord, sub, connection]) =>
                  rel.many && connection ? `${a}${rel.name}_connection${args(argRecord)} { nodes { ${sub} } }` : `${a}${rel.name}${args(argRecord)} { ${sub} }`,
                ),
            ),
        },
        { weight: 1, arbitrary: tie(type).map((sub) => `... on ${model.graphqlType} { ${sub} }`) },
        { weight: 1, arbitrary: fc.constant(`...F${model.graphqlType}`) },
      );
      return fc.array(field, { minLength: 1, maxLength: 4 }).map((fields) => fields.join(' '));
    };
    return { article: selection('article'), section: selection('section'), teaser: selection('teaser') };
  });

  type Root = { text: string; variables: Array<{ name: string; type: string; value: GqlValue }> };
  const rootField = fc.oneof(
    // Lists and connections, arguments as literals or as variables.
    fc
      .tuple(fc.constantFrom(...TYPES), fc.boolean(), fc.boolean(), fc.nat(999))
      .chain(([type, connection, asVariables, n]) =>
        fc.tuple(fc.constant(type), fc.constant(connection), fc.constant(asVariables), fc.constant(n), listArgs(type, true), selections[type]),
      )
      .map(([type, connection, asVariables, n, argRecord, sub]): Root => {
        const model = MODELS[type];
        const name = connection ? `${model.plural}_connection` : model.plural;
        const body = connection ? `{ nodes { ${sub} } pageInfo { total page pageSize pageCount } }` : `{ ${sub} }`;
        if (!asVariables) return { text: `${name}${args(argRecord)} ${body}`, variables: [] };
        const variableTypes: Record<string, string> = {
          filters: `${model.graphqlType}FiltersInput`,
          sort: '[String]',
          pagination: 'PaginationArg',
          status: 'PublicationStatus',
          locale: 'I18NLocaleCode',
        };
        const variables = Object.entries(argRecord).map(([k, v]) => ({
          name: `${k}${n}`,
          type: variableTypes[k],
          value: (k === 'status' || k === 'locale') && v && typeof v === 'object' && 'enum' in v ? v.enum : v,
        }));
        const argText = variables.length
          ? `(${Object.keys(argRecord)
              .map((k, i) => `${k}: $${variables[i].name}`)
              .join(', ')})`
          : '';
        return { text: `${name}${argText} ${body}`, variables };
      }),
    // Single items by documentId (hidden ones too) and the article page by slug.
    fc
      .tuple(fc.constantFrom(...TYPES), fc.oneof(fc.constantFrom(...values.hiddenDocumentIds), rest), fc.option(status, { nil: undefined }), localeSuffix)
      .chain(([type, documentId, s, l]) =>
        selections[type].map((sub): Root => ({
          text: `${type}(documentId: ${JSON.stringify(documentId)}${s ? `, status: ${literal(s)}` : ''}${l}) { ${sub} }`,
          variables: [],
        })),
      ),
    fc
      .tuple(fc.oneof(fc.constantFrom(...values.hiddenSlugs, ...values.articleSlugs), rest), selections.article, localeSuffix)
      .map(([slug, sub, l]): Root => ({ text: `articleBySlug(slug: ${JSON.stringify(slug)}${l}) { ${sub} }`, variables: [] })),
    // A locale as a variable: Strapi's locale scalar checks literals only, a variable's value reaches the resolver as sent.
    fc
      .tuple(fc.constantFrom(...TYPES), fc.boolean(), locale, fc.nat(999))
      .chain(([type, connection, value, n]) => selections[type].map((sub) => ({ type, connection, value, n, sub })))
      .map(({ type, connection, value, n, sub }): Root => {
        const name = connection ? `${MODELS[type].plural}_connection` : MODELS[type].plural;
        const body = connection ? `{ nodes { ${sub} } pageInfo { total } }` : `{ ${sub} }`;
        return {
          text: `${name}(locale: $locale${n}) ${body}`,
          variables: [{ name: `locale${n}`, type: 'I18NLocaleCode', value: value && typeof value === 'object' && 'enum' in value ? value.enum : value }],
        };
      }),
    // Search: q in the web-search syntax, hostile and hidden; the filters and paging in and out of range.
    fc
      .tuple(
        searchQueryArb(values),
        // Mostly the query alone or with one argument: each argument out of range makes the whole search an error.
        fc.oneof(
          { weight: 2, arbitrary: fc.constant({}) },
          {
            weight: 3,
            arbitrary: fc.record(
              {
                section: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...values.sectionSlugs) }, rest),
                locale,
                from: searchDateArb,
                to: searchDateArb,
                pagination: fc.oneof(
                  {
                    weight: 4,
                    arbitrary: fc.record({ page: fc.integer({ min: 1, max: 5 }), pageSize: fc.integer({ min: 1, max: 50 }) }, { requiredKeys: [] }),
                  },
                  fc.record({ page: fc.integer({ min: -1, max: 120 }), pageSize: fc.integer({ min: -1, max: 60 }) }, { requiredKeys: [] }),
                  fc.record({ start: fc.integer({ min: -1, max: 50 }), limit: fc.integer({ min: -1, max: 60 }) }, { requiredKeys: [] }),
                ),
              },
              { requiredKeys: [] },
            ),
          },
        ),
        fc.subarray(GQL_SEARCH_SELECTION, { minLength: 1 }),
        fc.boolean(),
        fc.nat(999),
      )
      .map(([query, argRecord, selection, asVariable, n]): Root => {
        const q = wellFormed(query.q);
        const others = Object.entries(argRecord as Record<string, GqlValue>).map(([k, v]) => `, ${k}: ${literal(typeof v === 'string' ? wellFormed(v) : v)}`);
        const text = `search(q: ${asVariable ? `$q${n}` : literal(q)}${others.join('')}) { ${selection.join(' ')} }`;
        return { text, variables: asVariable ? [{ name: `q${n}`, type: 'String!', value: q }] : [] };
      }),
  );

  const fragments = fc.record({ article: selections.article, section: selections.section, teaser: selections.teaser });

  const document = fc
    .tuple(
      fc.oneof(
        { weight: 5, arbitrary: fc.array(rootField, { minLength: 1, maxLength: 3 }) },
        // One field under many aliases: each alias must be priced, not just the field.
        { weight: 1, arbitrary: fc.tuple(rootField, fc.integer({ min: 2, max: 150 })).map(([root, n]) => Array.from({ length: n }, () => root)) },
      ),
      fragments,
    )
    .map(([roots, fragmentBodies]) => {
      const variables = roots.flatMap((r) => r.variables);
      const declared = [...new Map(variables.map((v) => [v.name, v])).values()];
      const head = declared.length ? `query Fuzz(${declared.map((v) => `$${v.name}: ${v.type}`).join(', ')})` : 'query Fuzz';
      const operation = `${head} { ${roots.map((r, i) => `r${i}: ${r.text}`).join(' ')} }`;
      // Only the fragments the operation (or an included fragment) spreads: an unused fragment is a validation error.
      const definitions: Record<string, string> = {
        FArticle: `fragment FArticle on Article { ${fragmentBodies.article} }`,
        FSection: `fragment FSection on Section { ${fragmentBodies.section} }`,
        FTeaser: `fragment FTeaser on Teaser { ${fragmentBodies.teaser} }`,
      };
      const included = new Set<string>();
      let text = operation;
      for (let changed = true; changed;) {
        changed = false;
        for (const name of Object.keys(definitions)) {
          if (!included.has(name) && text.includes(`...${name}`)) {
            included.add(name);
            text += ` ${definitions[name]}`;
            changed = true;
          }
        }
      }
      const body: Record<string, unknown> = { query: text };
      if (declared.length) body.variables = Object.fromEntries(declared.map((v) => [v.name, v.value]));
      return { surface: 'GraphQL' as const, method: 'POST' as const, path: '/graphql', body: JSON.stringify(body) };
    });
  return document;
}

/** Every surface, REST about three cases in four. */
export function caseArb(values: WorldValues): fc.Arbitrary<FuzzCase> {
  return fc.oneof({ weight: 3, arbitrary: restCaseArb(values) }, { weight: 1, arbitrary: graphqlCaseArb(values) });
}
