/**
 * Properties of the search module's pure parts (src/search/query.ts, snippet.ts, text.ts): the parser
 * accepts anything a reader can type or refuses it with its own error; every FTS5 string it yields is
 * valid FTS5 and finds exactly what a reference evaluator, written here from the documented syntax, finds;
 * snippets are HTML with `<mark>` as their only tags; body text keeps words as a reader sees them.
 */
import fc from 'fast-check';
import { MAX_QUERY_WORDS, parseSearchQuery, SearchQueryError, toFts5, toWebsearchParts, type ParsedQuery, type SearchTerm } from '../../src/search/query';
import { snippetHtml } from '../../src/search/snippet';
import { MARK_END, MARK_START, SHIELDED_GT, SHIELDED_LT, searchText } from '../../src/search/text';

/** The part of better-sqlite3 used here (the package ships no types). */
interface SqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): { get(...params: unknown[]): unknown; all(...params: unknown[]): unknown[]; run(...params: unknown[]): unknown };
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- better-sqlite3 ships no types here; the constructor type is declared above
const Database = require('better-sqlite3') as new (file: string) => SqliteDatabase;

const RUNS = 500;

/** Parses, and tells a refusal (SearchQueryError) apart; anything else thrown fails the property. */
function parseOrRefuse(q: string): ParsedQuery | SearchQueryError {
  try {
    return parseSearchQuery(q);
  } catch (error) {
    if (error instanceof SearchQueryError) return error;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// Reader input: anything, and a grammar of what readers (and attackers) type.

const ASCII_WORDS = ['storm', 'flood', 'rain', 'wind', 'city', 'road', 'fire', 'snow', 'or', 'OR', 'Or', 'and', 'not', 'NOT', 'NEAR', 'AND'];
const OTHER_WORDS = ['Zürich', 'café', 'naïve', 'İstanbul', 'straße', 'ﬁre', 'Ⅻ', '東京', 'москва', 'e-mail', 'U.S.', "don't", '2024', 'x1', '½', 'ǅ'];
const PUNCTUATION = ['"', '-', '--', '"-', '(', ')', '*', '^', ':', '+', '.', ',', "'", '`', '{', '}', '[', ']', '|', '&', '!', '~', '/', '\\', '%', '#', '@'];
const SPACES = [' ', '  ', '\t', '\n', '\u00A0', '\u3000'];

const tokenArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ASCII_WORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...OTHER_WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...PUNCTUATION) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) },
);
/** Tokens with or without spaces between them: `-"storm` and `storm"flood` are typed too. */
const grammarQueryArb = fc
  .array(fc.tuple(tokenArb, fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...SPACES) }, fc.constant(''))), { maxLength: 24 })
  .map((parts) => parts.map(([token, space]) => `${token}${space}`).join(''));

const anyQueryArb = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'binary-ascii', maxLength: 60 }),
  grammarQueryArb,
  // Many words, within the length limit.
  fc.array(fc.constantFrom('a', 'b1', 'storm', '"', '-x', 'or'), { minLength: 10, maxLength: 40 }).map((words) => words.join(' ')),
);

const LETTERS_AND_DIGITS = /^(?:[\p{L}\p{N}]\p{M}*)+$/u;

describe('parseSearchQuery', () => {
  test('for any string: a query of word lists, or a SearchQueryError — nothing else', () => {
    fc.assert(
      fc.property(anyQueryArb, (q) => {
        const result = parseOrRefuse(q);
        if (result instanceof SearchQueryError) {
          expect(result.message).toMatch(/^q: /);
          return;
        }
        expect(Object.keys(result).sort()).toEqual(['any', 'none']);
        expect(result.any.length).toBeGreaterThanOrEqual(1);
        const terms = [...result.any.flat(), ...result.none];
        for (const group of result.any) expect(group.length).toBeGreaterThanOrEqual(1);
        for (const term of terms) {
          expect(term.words.length).toBeGreaterThanOrEqual(1);
          for (const word of term.words) expect(word).toMatch(LETTERS_AND_DIGITS);
        }
        expect(terms.reduce((sum, term) => sum + term.words.length, 0)).toBeLessThanOrEqual(MAX_QUERY_WORDS);
      }),
      { numRuns: RUNS * 4 },
    );
  });

  test('words are kept as typed, combining marks included: each engine folds case and accents of query and text alike', () => {
    expect(parseSearchQuery('Zürich CAFÉ İstanbul')).toEqual({ any: [[{ words: ['Zürich'] }, { words: ['CAFÉ'] }, { words: ['İstanbul'] }]], none: [] });
    // A Devanagari word keeps its vowel signs (combining marks): stripped, it would be another word than the indexed one.
    expect(parseSearchQuery('हिन्दी')).toEqual({ any: [[{ words: ['हिन्दी'] }]], none: [] });
    // `or` is the operator in any case.
    expect(parseSearchQuery('storm OR flood')).toEqual(parseSearchQuery('storm or flood'));
  });

  test('refuses what it must, with a message saying why', () => {
    for (const [q, message] of [
      ['', /give the words/],
      ['   ', /give the words/],
      ['- " ( ) * ^ :', /at least one word/],
      ['-storm', /excluded words alone/],
      ['or or', /at least one word/],
      ['storm\u0000', /control/],
      ['storm\u200B', /control/],
      ['a'.repeat(201), /at most 200 characters/],
      [Array.from({ length: 17 }, (_, k) => `w${k}`).join(' '), /at most 16 words/],
    ] as const) {
      expect(() => parseSearchQuery(q)).toThrow(message);
    }
  });

  // A query written from its structure, then parsed: the structure comes back (the syntax's meaning, as documented).
  test('a query rendered from groups, phrases and excluded terms parses back to them', () => {
    const word = fc.constantFrom('storm', 'flood', 'rain', 'wind', 'city', 'road', 'x1', '2024');
    const term = fc.record({ words: fc.array(word, { minLength: 1, maxLength: 3 }), quoted: fc.boolean() });
    const render = (t: { words: string[]; quoted: boolean }) => (t.words.length === 1 && !t.quoted ? t.words[0] : `"${t.words.join(' ')}"`);
    fc.assert(
      fc.property(
        fc.array(fc.array(term, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(term, fc.nat()), { maxLength: 2 }),
        (groups, none) => {
          const count = [...groups.flat(), ...none.map(([t]) => t)].reduce((sum, t) => sum + t.words.length, 0);
          fc.pre(count <= MAX_QUERY_WORDS);
          const tokens: Array<{ text: string; excluded?: string[] }> = groups.flatMap((group, k) => [
            ...(k > 0 ? [{ text: 'or' }] : []),
            ...group.map((t) => ({ text: render(t) })),
          ]);
          // Excluded terms may stand anywhere between the others: they apply to the whole query.
          for (const [t, at] of none) tokens.splice(at % (tokens.length + 1), 0, { text: `-${render(t)}`, excluded: t.words });
          expect(parseSearchQuery(tokens.map((token) => token.text).join(' '))).toEqual({
            any: groups.map((group) => group.map((t) => ({ words: t.words }))),
            none: tokens.flatMap((token) => (token.excluded ? [{ words: token.excluded }] : [])),
          });
        },
      ),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// toFts5: valid FTS5 always; and what it finds.

describe('toFts5', () => {
  let db: SqliteDatabase;
  beforeAll(() => {
    db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='porter unicode61 remove_diacritics 2')`);
    db.prepare('INSERT INTO t (title, body) VALUES (?, ?)').run('Storm over the city', 'Floods and rain in Zürich, 2024: an e-mail from the U.S.');
  });
  afterAll(() => db.close());

  test('every parsed query is accepted by a real FTS5 MATCH (never an FTS5 syntax error)', () => {
    const count = db.prepare('SELECT count(*) AS n FROM t WHERE t MATCH ?');
    fc.assert(
      fc.property(anyQueryArb, (q) => {
        const parsed = parseOrRefuse(q);
        if (parsed instanceof SearchQueryError) return;
        const fts = toFts5(parsed);
        expect(() => count.get(fts)).not.toThrow();
      }),
      { numRuns: RUNS * 4 },
    );
  });

  test('engine syntax typed by a reader is a word, never an operator', () => {
    const count = db.prepare('SELECT count(*) AS n FROM t WHERE t MATCH ?');
    for (const q of ['storm NEAR(city rain, 2)', 'title:storm', 'stor*', '^storm', 'storm AND NOT city', '"storm" + city', 'NOT storm', '(storm OR city)']) {
      const fts = toFts5(parseSearchQuery(q));
      expect(() => count.get(fts)).not.toThrow();
      // Outside the quoted strings there are only FTS5's own operators and parentheses.
      expect(fts.replace(/"(?:[^"]|"")*"/g, '').replace(/\b(AND|OR|NOT)\b|[()\s]/g, '')).toBe('');
    }
    // `title:storm` is the two words, not a column filter: the body holds neither "title" nor this phrase.
    expect((count.get(toFts5(parseSearchQuery('title:storm'))) as { n: number }).n).toBe(0);
    expect((count.get(toFts5(parseSearchQuery('e-mail'))) as { n: number }).n).toBe(1);
  });

  describe('finds exactly what the documented syntax means', () => {
    const VOCABULARY = ['storm', 'flood', 'rain', 'wind', 'city', 'road'];
    let plain: SqliteDatabase;
    beforeAll(() => {
      plain = new Database(':memory:');
      // No stemmer: the reference evaluator compares words as they are.
      plain.exec(`CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='unicode61')`);
    });
    afterAll(() => plain.close());

    /** The reference: a phrase is its words one after the other within one field; groups are alternatives; excluded terms anywhere exclude. */
    const contains = (field: string[], term: SearchTerm) => field.some((_, start) => term.words.every((word, k) => field[start + k] === word));
    const matches = (doc: { title: string[]; body: string[] }, query: ParsedQuery) => {
      const has = (term: SearchTerm) => contains(doc.title, term) || contains(doc.body, term);
      return query.any.some((group) => group.every(has)) && !query.none.some(has);
    };

    const field = fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 8 });
    const docs = fc.array(fc.record({ title: field, body: field }), { minLength: 1, maxLength: 12 });
    const wordOrOr = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...VOCABULARY) }, fc.constant('or'));
    const queryText = fc
      .array(
        fc.oneof(
          { weight: 4, arbitrary: wordOrOr },
          { weight: 2, arbitrary: fc.array(fc.constantFrom(...VOCABULARY), { minLength: 1, maxLength: 3 }).map((ws) => `"${ws.join(' ')}"`) },
          { weight: 2, arbitrary: fc.constantFrom(...VOCABULARY).map((w) => `-${w}`) },
          { weight: 1, arbitrary: fc.array(fc.constantFrom(...VOCABULARY), { minLength: 2, maxLength: 3 }).map((ws) => `-"${ws.join(' ')}"`) },
          { weight: 1, arbitrary: fc.array(fc.constantFrom(...VOCABULARY), { minLength: 2, maxLength: 3 }).map((ws) => ws.join('-')) },
        ),
        { minLength: 1, maxLength: 7 },
      )
      .map((parts) => parts.join(' '));

    test('MATCH returns the documents the reference evaluator picks', () => {
      const insert = plain.prepare('INSERT INTO t (rowid, title, body) VALUES (?, ?, ?)');
      const select = plain.prepare('SELECT rowid AS id FROM t WHERE t MATCH ? ORDER BY rowid');
      fc.assert(
        fc.property(docs, queryText, (documents, q) => {
          const parsed = parseOrRefuse(q);
          fc.pre(!(parsed instanceof SearchQueryError));
          const query = parsed;
          plain.exec('DELETE FROM t');
          documents.forEach((doc, k) => insert.run(k + 1, doc.title.join(' '), doc.body.join(' ')));
          const found = (select.all(toFts5(query)) as Array<{ id: number }>).map((row) => row.id);
          const expected = documents.flatMap((doc, k) => (matches(doc, query) ? [k + 1] : []));
          expect({ q, found }).toEqual({ q, found: expected });
        }),
        { numRuns: RUNS },
      );
    });
  });
});

describe('toWebsearchParts', () => {
  test('every term is a quoted string (nothing a reader typed is a websearch_to_tsquery operator), excluded terms joined by or', () => {
    const quoted = (term: SearchTerm) => `"${term.words.join(' ')}"`;
    fc.assert(
      fc.property(anyQueryArb, (q) => {
        const parsed = parseOrRefuse(q);
        if (parsed instanceof SearchQueryError) return;
        const parts = toWebsearchParts(parsed);
        expect(parts.any).toEqual(parsed.any.map((group) => group.map(quoted).join(' ')));
        expect(parts.none).toBe(parsed.none.length ? parsed.none.map(quoted).join(' or ') : null);
      }),
      { numRuns: RUNS * 2 },
    );
    expect(toWebsearchParts(parseSearchQuery('storm "or" flood -or'))).toEqual({ any: ['"storm" "or" "flood"'], none: '"or"' });
  });
});

// ---------------------------------------------------------------------------------------------------
// snippetHtml

const UNESCAPES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescapeHtml = (html: string) => html.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => UNESCAPES[entity]);
const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('snippetHtml', () => {
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 2, arbitrary: fc.constantFrom('<script>alert(1)</script>', '<mark>', '</mark>', '&amp;', '&', '"', "'", '<', '>', ' ', '\n', '\t\u00A0') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
    { weight: 3, arbitrary: fc.constantFrom(MARK_START, MARK_END, SHIELDED_LT, SHIELDED_GT) },
  );
  const marked = fc.array(piece, { maxLength: 16 }).map((pieces) => pieces.join(''));

  test('only <mark> tags, balanced, never nested; the text comes back when unescaped', () => {
    fc.assert(
      fc.property(marked, (input) => {
        const html = snippetHtml(input);
        const tags = html.match(/<\/?mark>/g) ?? [];
        const rest = html.replace(/<\/?mark>/g, '');
        expect(rest).not.toMatch(/[<>"']/);
        // Every & starts one of the five entities.
        expect(rest.replace(/&(?:amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
        tags.forEach((tag, k) => expect(tag).toBe(k % 2 === 0 ? '<mark>' : '</mark>'));
        expect(tags.length % 2).toBe(0);
        const text = input
          .replace(/[\uE000\uE001]/g, '')
          .split('\u0001')
          .join('<')
          .split('\u0002')
          .join('>');
        expect(collapse(unescapeHtml(rest))).toBe(collapse(text));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  test('marks what the engine marked', () => {
    expect(snippetHtml(`a ${MARK_START}<b>${MARK_END} & ${MARK_START}c`)).toBe('a <mark>&lt;b&gt;</mark> &amp; <mark>c</mark>');
    expect(snippetHtml(`${MARK_END}x${MARK_START}${MARK_START}y${MARK_END}${MARK_END}`)).toBe('x<mark>y</mark>');
  });
});

// ---------------------------------------------------------------------------------------------------
// searchText

/** Words as both engines split them (letters and digits). */
const wordsOf = (text: string) => text.match(/[\p{L}\p{N}]+/gu) ?? [];

describe('searchText', () => {
  const word = fc.constantFrom('storm', 'flood', 'Zürich', 'e', '2024', 'rain', 'x1');
  /** A word written in one to three runs, some bold or italic: an editor formatted part of it. */
  const runs = word.chain((w) =>
    fc
      .uniqueArray(fc.integer({ min: 1, max: Math.max(1, w.length - 1) }), { maxLength: 2 })
      .chain((cuts) => {
        const at = [0, ...cuts.filter((c) => c < w.length).sort((x, y) => x - y), w.length];
        const parts = at.slice(1).map((end, k) => w.slice(at[k], end));
        return fc.tuple(...parts.map((part) => fc.record({ text: fc.constant(part), bold: fc.boolean(), italic: fc.boolean() })));
      })
      .map((parts) => ({ word: w, nodes: parts.map((p) => ({ type: 'text', ...p })) })),
  );
  /** A block's inline content: words separated by spaces or punctuation, sometimes a link around a word. */
  const inline = fc.array(fc.tuple(runs, fc.constantFrom(' ', ', ', ' — ', '. '), fc.boolean()), { minLength: 1, maxLength: 5 }).map((items) => ({
    words: items.map(([r]) => r.word),
    children: items.flatMap(([r, separator, link], k) => [
      ...(link ? [{ type: 'link', url: 'https://example.com', children: r.nodes }] : r.nodes),
      ...(k < items.length - 1 ? [{ type: 'text', text: separator }] : []),
    ]),
  }));
  type Inline = { words: string[]; children: unknown[] };
  const block = fc.oneof(
    inline.map((i: Inline) => ({ words: i.words, node: { type: 'paragraph', children: i.children } })),
    inline.map((i: Inline) => ({ words: i.words, node: { type: 'heading', level: 2, children: i.children } })),
    inline.map((i: Inline) => ({ words: i.words, node: { type: 'quote', children: i.children } })),
    fc.array(inline, { minLength: 1, maxLength: 3 }).map((items: Inline[]) => ({
      words: items.flatMap((i) => i.words),
      node: { type: 'list', format: 'unordered', children: items.map((i) => ({ type: 'list-item', children: i.children })) },
    })),
  );

  test('keeps the words of adjacent blocks apart and a word split over formatted runs whole', () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 6 }), (blocks) => {
        const text = searchText(blocks.map((b) => b.node));
        expect(wordsOf(text)).toEqual(blocks.flatMap((b) => b.words));
      }),
      { numRuns: RUNS },
    );
    expect(
      searchText([
        { type: 'paragraph', children: [{ type: 'text', text: 'end' }] },
        { type: 'paragraph', children: [{ type: 'text', text: 'Start' }] },
      ]),
    ).toBe('end\nStart');
    expect(
      searchText([
        {
          type: 'paragraph',
          children: [
            { type: 'text', text: 'Ch' },
            { type: 'text', text: 'arles', bold: true },
          ],
        },
      ]),
    ).toBe('Charles');
  });

  test('never throws on malformed input, and its text holds no marks and no control characters', () => {
    const deep = (depth: number) => {
      let node: unknown = { type: 'text', text: 'deep' };
      for (let k = 0; k < depth; k += 1) node = k % 2 ? [node] : { type: 'paragraph', children: [node] };
      return node;
    };
    const cyclic: Record<string, unknown> = { type: 'paragraph', children: [] };
    (cyclic.children as unknown[]).push(cyclic, { type: 'text', text: 'loop' });
    for (const input of [deep(100_000), cyclic, null, undefined, 'text', 42, [{ type: 'text', text: 7 }], [{ children: 'x' }], { type: 'text' }]) {
      expect(typeof searchText(input)).toBe('string');
    }
    expect(searchText(deep(100_000))).toBe('deep');
    expect(searchText(cyclic)).toBe('loop');
    fc.assert(
      fc.property(fc.oneof(fc.anything({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 5 }), fc.array(block.map((b) => b.node))), (input) => {
        const text = searchText(input);
        expect(typeof text).toBe('string');
        // eslint-disable-next-line no-control-regex -- control characters are what is looked for
        expect(text).not.toMatch(/[\uE000-\uE003\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/);
      }),
      { numRuns: RUNS },
    );
    // Text nodes holding marks or control characters lose them.
    expect(searchText([{ type: 'paragraph', children: [{ type: 'text', text: `a${MARK_START}b\u0000c${SHIELDED_LT}` }] }])).toBe('abc');
  });
});
