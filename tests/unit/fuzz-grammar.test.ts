/**
 * The fuzzer's own parts (tests/fuzz), without servers: the grammar writes requests a server can parse,
 * and the checks see leaks and internals where they are and nowhere else.
 */
import fc from 'fast-check';
import { parse } from 'graphql';
import qs from 'qs';
import { caseArb, graphqlCaseArb, restCaseArb } from '../fuzz/grammar';
import { comparable, errorFormatProblem, leaksIn, requestedLocale, searchFound, type Answer } from '../fuzz/checks';
import type { WorldValues } from '../fuzz/world';

const values: WorldValues = {
  documentIds: { articles: ['a1visible000000000000000'], sections: ['s1visible000000000000000'], teasers: ['t1visible000000000000000'] },
  hiddenDocumentIds: ['h1hidden0000000000000000'],
  articleSlugs: ['a-visible-story'],
  hiddenSlugs: ['story-draftnever123abc'],
  sectionSlugs: ['world'],
  rowIds: [1, 2, 3],
  hiddenRowIds: [4],
  markers: ['draftnever123abc'],
  visibleWords: ['Visible', 'story'],
  locales: ['de', 'en'],
};

const answer = (status: number, body: unknown): Answer => ({ status, ms: 1, text: JSON.stringify(body) });

describe('the grammar', () => {
  test('REST cases are request targets Node can send, and their query strings parse', () => {
    fc.assert(
      fc.property(restCaseArb(values), (fuzzCase) => {
        // Reader routes are GETs under /api; the history's admin API (asked without a session) also takes POSTs.
        if (fuzzCase.surface === 'Admin history') expect(fuzzCase.path).toMatch(/^\/newsroom-history\/[\x21-\x7e]*$/);
        else {
          expect(fuzzCase.method).toBe('GET');
          expect(fuzzCase.path).toMatch(/^\/api\/[\x21-\x7e]*$/);
        }
        const query = fuzzCase.path.split('?')[1] ?? '';
        expect(() => qs.parse(query, { depth: 20 })).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  test('GraphQL cases are JSON bodies whose query is a syntactically valid document', () => {
    fc.assert(
      fc.property(graphqlCaseArb(values), (fuzzCase) => {
        const body = JSON.parse(String(fuzzCase.body)) as { query: string; variables?: Record<string, unknown> };
        expect(() => parse(body.query)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  test('every surface is reached', () => {
    const surfaces = new Set(fc.sample(caseArb(values), { numRuns: 2000, seed: 1 }).map((fuzzCase) => fuzzCase.surface));
    expect([...surfaces].sort()).toEqual([
      'Admin history',
      'GraphQL',
      'REST articles',
      'REST by-slug',
      'REST feeds',
      'REST more-from',
      'REST preview',
      'REST search',
      'REST sections',
      'REST teasers',
    ]);
  });

  test('search cases look for every hidden marker, alone (a search that must find nothing) and among other words', () => {
    const cases = fc.sample(restCaseArb(values), { numRuns: 3000, seed: 3 }).filter((fuzzCase) => fuzzCase.surface === 'REST search');
    const qOf = (path: string) => new URLSearchParams(path.split('?')[1] ?? '').get('q') ?? '';
    const hiddenOnly = cases.filter((fuzzCase) => fuzzCase.findsNothing);
    expect(hiddenOnly.length).toBeGreaterThan(50);
    for (const fuzzCase of hiddenOnly) {
      const words = qOf(fuzzCase.path).match(/[\p{L}\p{N}]+/gu) ?? [];
      // Each word to find is part of a hidden marker, slug or documentId; excluded words may be anything.
      const toFind = qOf(fuzzCase.path)
        .split(/\s+/)
        .filter((token) => token && !token.startsWith('-') && !/^or$/i.test(token));
      expect(toFind.every((token) => [...values.markers, ...values.hiddenSlugs, ...values.hiddenDocumentIds].some((hidden) => token.includes(hidden)))).toBe(
        true,
      );
      expect(words.length).toBeGreaterThan(0);
    }
    for (const marker of values.markers) expect(cases.some((fuzzCase) => !fuzzCase.findsNothing && qOf(fuzzCase.path).includes(marker))).toBe(true);
    // Engine syntax, control characters and queries past the limits are sent too.
    expect(cases.some((fuzzCase) => qOf(fuzzCase.path).includes('NEAR('))).toBe(true);
    // eslint-disable-next-line no-control-regex -- control characters are what is looked for
    expect(cases.some((fuzzCase) => /[\u0000-\u001f]/.test(qOf(fuzzCase.path)))).toBe(true);
    expect(cases.some((fuzzCase) => qOf(fuzzCase.path).length > 200)).toBe(true);
    expect(cases.some((fuzzCase) => /[?&]status=/.test(fuzzCase.path))).toBe(true);
  });

  test('every REST surface asks with a locale: offered, unknown, hostile, and as arrays, objects and repeated keys', () => {
    const cases = fc.sample(restCaseArb(values), { numRuns: 6000, seed: 5 });
    const localesOf = (fuzzCase: { path: string }) => {
      const query = qs.parse(fuzzCase.path.split('?')[1] ?? '', { depth: 20 }) as Record<string, unknown>;
      return 'locale' in query ? [query.locale] : [];
    };
    const surfaces = new Set(cases.filter((fuzzCase) => localesOf(fuzzCase).length).map((fuzzCase) => fuzzCase.surface));
    expect([...surfaces].sort()).toEqual([
      'Admin history',
      'REST articles',
      'REST by-slug',
      'REST feeds',
      'REST more-from',
      'REST preview',
      'REST search',
      'REST sections',
      'REST teasers',
    ]);
    const sent = cases.flatMap(localesOf);
    const strings = sent.filter((value): value is string => typeof value === 'string');
    for (const wanted of ['de', 'en', '*', 'all', 'de-DE', 'DE', 'fr', '']) expect(strings).toContain(wanted);
    expect(strings.some((value) => value.length >= 300)).toBe(true);
    expect(strings.some((value) => /[^\p{ASCII}]/u.test(value))).toBe(true);
    expect(sent.some((value) => Array.isArray(value))).toBe(true);
    expect(sent.some((value) => value !== null && typeof value === 'object' && !Array.isArray(value))).toBe(true);
    // About half of a surface's requests carry a locale, the rest ask for the default one.
    const articlePages = cases.filter((fuzzCase) => fuzzCase.surface === 'REST by-slug');
    const share = articlePages.filter((fuzzCase) => localesOf(fuzzCase).length).length / articlePages.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.8);
  });

  test('GraphQL documents name locales as literals and as variables of the locale scalar, hostile ones too', () => {
    const bodies = fc.sample(graphqlCaseArb(values), { numRuns: 3000, seed: 6 }).map((fuzzCase) => String(fuzzCase.body));
    const parsed = bodies.map((body) => JSON.parse(body) as { query: string; variables?: Record<string, unknown> });
    expect(parsed.some(({ query }) => /\blocale: "de"/.test(query))).toBe(true);
    expect(parsed.some(({ query }) => /\blocale: "\*"/.test(query))).toBe(true);
    expect(parsed.some(({ query }) => /articleBySlug\([^)]*locale:/.test(query))).toBe(true);
    expect(parsed.some(({ query }) => /search\([^)]*locale:/.test(query))).toBe(true);
    const variables = parsed.flatMap(({ query, variables: given }) =>
      [...query.matchAll(/\$(locale\d+): I18NLocaleCode/g)].map((match) => (given ?? {})[match[1]]),
    );
    expect(variables).toContain('de');
    expect(variables.some((value) => Array.isArray(value))).toBe(true);
    expect(variables.some((value) => value !== null && typeof value === 'object' && !Array.isArray(value))).toBe(true);
  });

  test('dotted populate paths walk the schema deep enough to matter (14 segments and more)', () => {
    const deepest = Math.max(
      ...fc
        .sample(restCaseArb(values), { numRuns: 3000, seed: 2 })
        .flatMap((fuzzCase) => [...fuzzCase.path.matchAll(/populate=([\w.]+)/g)].map((match) => match[1].split('.').length)),
    );
    expect(deepest).toBeGreaterThanOrEqual(14);
  });
});

describe('the checks', () => {
  test('a hidden marker in content is a leak, also when the request named it', () => {
    expect(leaksIn(answer(200, { data: [{ title: 'Story draftnever123abc' }] }), ['draftnever123abc'], '/api/articles')).toEqual(['draftnever123abc']);
    expect(
      leaksIn(answer(200, { data: [{ title: 'Story draftnever123abc' }] }), ['draftnever123abc'], '/api/articles?filters[title][$contains]=draftnever123abc'),
    ).toEqual(['draftnever123abc']);
  });

  test('an error may quote what the request said, but nothing else that is hidden', () => {
    const notFound = answer(404, { data: null, error: { status: 404, name: 'NotFoundError', message: 'No article has the slug "story-draftnever123abc"' } });
    expect(leaksIn(notFound, ['story-draftnever123abc'], '/api/articles/by-slug/story-draftnever123abc')).toEqual([]);
    expect(leaksIn(notFound, ['story-draftnever123abc'], '/api/articles/by-slug/other')).toEqual(['story-draftnever123abc']);
  });

  test("a search's 4xx must be Strapi's error answer; a search for hidden words only must show nothing", () => {
    const refused = { data: null, error: { status: 400, name: 'ValidationError', message: 'q: give the words to search for', details: { param: 'q' } } };
    expect(errorFormatProblem(answer(400, refused))).toBeNull();
    expect(errorFormatProblem(answer(404, refused))).toMatch(/HTTP status/);
    expect(errorFormatProblem({ status: 400, ms: 1, text: 'Bad Request' })).toBe('not JSON');
    expect(errorFormatProblem(answer(400, { ...refused, stack: 'at x' }))).toMatch(/keys besides/);
    expect(errorFormatProblem(answer(400, { error: refused.error }))).toBe('data is not null');
    const result = (total: number, data: unknown[], sections: unknown[]) =>
      answer(200, { data, meta: { pagination: { page: 1, pageSize: 10, pageCount: 1, total }, sections } });
    expect(searchFound(result(0, [], []))).toBeNull();
    expect(searchFound(result(1, [], []))).toBe('total 1');
    expect(searchFound(result(0, [], [{ slug: 'world', count: 1 }]))).toBe('1 section counts');
  });

  test('the locale a REST request asks for: one plain `locale` value, nothing for arrays, objects or GraphQL', () => {
    expect(requestedLocale({ method: 'GET', path: '/api/articles?locale=de&populate=*' })).toBe('de');
    expect(requestedLocale({ method: 'GET', path: '/api/articles/by-slug/x?moreFromLimit=3&locale=en' })).toBe('en');
    expect(requestedLocale({ method: 'GET', path: '/api/articles' })).toBeNull();
    expect(requestedLocale({ method: 'GET', path: '/api/articles?locale=de&locale=en' })).toBeNull();
    expect(requestedLocale({ method: 'GET', path: '/api/articles?locale%5B0%5D=de' })).toBeNull();
    expect(requestedLocale({ method: 'POST', path: '/graphql' })).toBeNull();
  });

  test('A and B are compared without per-process ids, and with everything else', () => {
    const withId = (id: string) =>
      answer(500, { data: null, error: { status: 500, name: 'InternalServerError', message: 'Internal Server Error', details: { correlationId: id } } });
    expect(comparable(withId('one'))).toBe(comparable(withId('two')));
    expect(comparable(answer(200, { data: [{ id: 1 }, { id: 2 }] }))).not.toBe(comparable(answer(200, { data: [{ id: 2 }, { id: 1 }] })));
    const raced = (path: string) => answer(200, { errors: [{ message: 'Invalid order', path: [path] }], data: null });
    expect(comparable(raced('r0'))).toBe(comparable(raced('r1')));
    expect(comparable(raced('r0'))).not.toBe(comparable(answer(200, { errors: [{ message: 'Other', path: ['r0'] }], data: null })));
  });
});
