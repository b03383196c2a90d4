/**
 * Web-search syntax, parsed once into one form that both engines are given: words (all must occur),
 * `"an exact phrase"`, `-excluded` (a word or a phrase), and `or` between alternatives — the syntax of
 * PostgreSQL's `websearch_to_tsquery`, with the same meaning on SQLite. Framework-free.
 *
 *   storm flood            articles with both words
 *   "storm warning"        the words next to each other, in this order
 *   storm or flood         either
 *   storm -flood           storm, not flood (an excluded word applies to the whole query)
 *   storm flood or rain    (storm and flood) or rain
 *
 * A word is a run of letters and digits; `e-mail`, `U.S.` and `don't` are phrases of their parts (as both
 * engines split them). An unclosed quote runs to the end. Anything else is ignored, never an error; a
 * query with nothing to find (empty, operators or punctuation only, only excluded words) and one that is
 * too long or holds control characters is refused with a message saying why.
 */

/** One word, or a phrase: several words in this order, next to each other. */
export interface SearchTerm {
  words: string[];
}

/** Alternatives (`or`), each a list of terms that must all occur; and terms none of which may occur. */
export interface ParsedQuery {
  any: SearchTerm[][];
  none: SearchTerm[];
}

/** Characters of `q` at most (after trimming). */
export const MAX_QUERY_LENGTH = 200;
/** Words in one query at most (each is a lookup in the index). */
export const MAX_QUERY_WORDS = 16;

export class SearchQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchQueryError';
  }
}

const CONTROL = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u;
const WORD = /[\p{L}\p{N}]+/gu;

// Lower-cased before marks are removed: a capital can lower-case to a letter and a combining mark (İ → i̇).
const wordsOf = (text: string): string[] => text.normalize('NFKC').toLowerCase().replace(/\p{M}/gu, '').match(WORD) ?? [];

interface Token {
  kind: 'term' | 'or';
  negated: boolean;
  term?: SearchTerm;
}

function tokens(query: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const char = query[i];
    if (/\s/u.test(char)) {
      i += 1;
      continue;
    }
    let negated = false;
    if (char === '-' && i + 1 < query.length && !/\s/u.test(query[i + 1])) {
      negated = true;
      i += 1;
    }
    if (query[i] === '"') {
      const end = query.indexOf('"', i + 1);
      const text = end === -1 ? query.slice(i + 1) : query.slice(i + 1, end);
      i = end === -1 ? query.length : end + 1;
      out.push({ kind: 'term', negated, term: { words: wordsOf(text) } });
      continue;
    }
    let end = i;
    while (end < query.length && !/\s/u.test(query[end]) && query[end] !== '"') end += 1;
    const text = query.slice(i, end);
    i = end;
    if (!negated && text.toLowerCase() === 'or') out.push({ kind: 'or', negated: false });
    else out.push({ kind: 'term', negated, term: { words: wordsOf(text) } });
  }
  return out;
}

/** Parses `q`; throws SearchQueryError with a reader-facing message when there is nothing to search for. */
export function parseSearchQuery(raw: string): ParsedQuery {
  const query = raw.trim();
  if (query === '') throw new SearchQueryError('q: give the words to search for');
  if (query.length > MAX_QUERY_LENGTH) throw new SearchQueryError(`q: at most ${MAX_QUERY_LENGTH} characters (got ${query.length})`);
  if (CONTROL.test(query)) throw new SearchQueryError('q: control and unassigned characters are not allowed');
  const any: SearchTerm[][] = [[]];
  const none: SearchTerm[] = [];
  for (const token of tokens(query)) {
    if (token.kind === 'or') {
      if (any[any.length - 1].length > 0) any.push([]);
      continue;
    }
    const term = token.term!;
    if (term.words.length === 0) continue;
    if (token.negated) none.push(term);
    else any[any.length - 1].push(term);
  }
  const groups = any.filter((group) => group.length > 0);
  if (groups.length === 0) {
    throw new SearchQueryError(
      none.length > 0 ? 'q: excluded words alone find nothing: give at least one word to find' : 'q: give at least one word (letters or digits) to search for',
    );
  }
  const count = [...groups.flat(), ...none].reduce((sum, term) => sum + term.words.length, 0);
  if (count > MAX_QUERY_WORDS) throw new SearchQueryError(`q: at most ${MAX_QUERY_WORDS} words (got ${count})`);
  return { any: groups, none };
}

const fts5Term = (term: SearchTerm) => `"${term.words.join(' ').replace(/"/g, '""')}"`;

/** The query in FTS5's syntax: every word a quoted string, so nothing a reader types is an FTS5 operator. */
export function toFts5(query: ParsedQuery): string {
  const groups = query.any.map((group) => `(${group.map(fts5Term).join(' AND ')})`);
  const positive = groups.length === 1 ? groups[0] : `(${groups.join(' OR ')})`;
  return query.none.length === 0 ? positive : `${positive} NOT (${query.none.map(fts5Term).join(' OR ')})`;
}

// Quoted, one word too: websearch_to_tsquery reads a bare `or` (a reader's `"or"`) as its operator.
const websearchTerm = (term: SearchTerm) => `"${term.words.join(' ')}"`;

/**
 * The query for PostgreSQL: each alternative and the excluded terms as a `websearch_to_tsquery` input of
 * plain words and phrases only, combined in SQL with `||`, `&&` and `!!` (src/search/engine.ts), so that
 * an excluded word applies to every alternative as on SQLite.
 */
export function toWebsearchParts(query: ParsedQuery): { any: string[]; none: string | null } {
  return {
    any: query.any.map((group) => group.map(websearchTerm).join(' ')),
    none: query.none.length === 0 ? null : query.none.map(websearchTerm).join(' or '),
  };
}
