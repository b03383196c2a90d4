/**
 * The fuzzer's own parts (tests/fuzz), without servers: the grammar writes requests a server can parse,
 * and the checks see leaks and internals where they are and nowhere else.
 */
import fc from 'fast-check';
import { parse } from 'graphql';
import qs from 'qs';
import { caseArb, graphqlCaseArb, restCaseArb } from '../fuzz/grammar';
import { comparable, leaksIn, type Answer } from '../fuzz/checks';
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
};

const answer = (status: number, body: unknown): Answer => ({ status, ms: 1, text: JSON.stringify(body) });

describe('the grammar', () => {
  test('REST cases are request targets Node can send, and their query strings parse', () => {
    fc.assert(
      fc.property(restCaseArb(values), (fuzzCase) => {
        expect(fuzzCase.method).toBe('GET');
        expect(fuzzCase.path).toMatch(/^\/api\/[\x21-\x7e]*$/);
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
      'GraphQL',
      'REST articles',
      'REST by-slug',
      'REST feeds',
      'REST more-from',
      'REST preview',
      'REST sections',
      'REST teasers',
    ]);
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
