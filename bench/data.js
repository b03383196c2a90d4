'use strict';
/**
 * Deterministic test content for the benchmark: article i, section j and their slugs are pure functions
 * of (i, j), so the orchestrator (bench/run.js) can pick random pages without asking the database.
 *
 * Words follow Zipf's law, as words of real text do: the word of rank r (1 = most frequent) is drawn with
 * probability ln((r + 1) / r) / ln(V + 1), over V = 200,000+ words. The first ranks are real English words
 * (function words first: `the` is ~5.7 % of all words), the long tail made-up words of four syllables
 * (`kobatumo`: plain lower-case letters, the same under English stemming, none a stop word, none inside
 * another word). At 100,000 articles of ~180 words a word of rank r is in about 1 − exp(−180 · p(r)) of
 * them: rank 20 in ~50 %, rank 1,500 in ~1 %, rank 60,000 in ~25 articles. SEARCH_TERMS names the
 * benchmark's terms; termCounts() counts the articles that contain them, from the generator alone.
 */

/** The head of the vocabulary, most frequent first (the order is the rank). */
const HEAD = (
  'the of to and a in that for on said is was with by at from government people it has as be have will ' +
  'are not but this an its they were been who more after year new their over two also would could about ' +
  'than up into one city police minister last week public state told council three court country party ' +
  'national first plans workers report when years under school month market health company water price ' +
  'local officials since while support time day percent election president billion former team million ' +
  'climate home later group around world during including officers early season economy family children ' +
  'business hospital energy security bank union house region budget service tax money pay rise costs ' +
  'trade deal talks summit agreement leaders committee inquiry evidence ruling appeal protest strike ' +
  'demand opposition critics analysts experts figures record number share fund river harbour bridge road ' +
  'station train airport border rates growth jobs industry farmers village museum festival orchestra ' +
  'match coach player goal league stadium scientists study research data space mission planet ocean ' +
  'forest weather storm flood rain summer winter residents families students teachers doctors patients ' +
  'nurses judges lawyers witnesses treaty mayor parliament investigation decision across against between ' +
  'through within along late long short large small high low private foreign international second next ' +
  'recent annual major key final open closed young current announced confirmed expected warned added ' +
  'reported agreed rejected approved planned delayed increased reduced opened signed launched released ' +
  'published returned started ended vote'
).split(' ');

/** The tail: TAIL made-up words of four consonant-vowel syllables, vowels a, o, u only (no English suffix, hence no stemming). */
const CONSONANTS = 'bdfgklmnprstvz';
const VOWELS = 'aou';
const SYLLABLES = [...CONSONANTS].flatMap((c) => [...VOWELS].map((v) => c + v));
const TAIL = 200000;
const COMBINATIONS = SYLLABLES.length ** 4;
/** Spreads tail index t over all four-syllable words (a unit modulo 42^4 = 2^4 · 3^4 · 7^4: no two t share a word). */
const SPREAD = 1000003;
const TAIL_WORD = /^(?:[bdfgklmnprstvz][aou]){4}$/;

const VOCABULARY_SIZE = HEAD.length + TAIL;
const LOG_V1 = Math.log(VOCABULARY_SIZE + 1);

if (new Set(HEAD).size !== HEAD.length || HEAD.some((word) => !/^[a-z]+$/.test(word) || TAIL_WORD.test(word))) {
  throw new Error('bench/data.js: the head words must be distinct lower-case words that no tail word can equal');
}

function tailWord(t) {
  let x = (t * SPREAD) % COMBINATIONS;
  let word = '';
  for (let k = 0; k < 4; k += 1) {
    word += SYLLABLES[x % SYLLABLES.length];
    x = Math.floor(x / SYLLABLES.length);
  }
  return word;
}

/** Every word by rank − 1, built on first use (~0.1 s, ~10 MB: not in a server process that generates no text). */
let vocabulary = null;
/** The word of rank r (1-based). */
function wordAt(rank) {
  if (!vocabulary) vocabulary = [...HEAD, ...Array.from({ length: TAIL }, (_, t) => tailWord(t))];
  return vocabulary[rank - 1];
}

/** P(rank = r) of zipfRank, for the expected shares. */
const rankProbability = (rank) => Math.log((rank + 1) / rank) / LOG_V1;

/** mulberry32: a small, fast, seedable PRNG, so that article i always has the same text. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A rank with P(r) = ln((r + 1) / r) / ln(V + 1): the inverse of the continuous Zipf CDF, one draw. */
const zipfRank = (random) => Math.min(VOCABULARY_SIZE, Math.floor(Math.exp(random() * LOG_V1)));

const pick = (random, list) => list[Math.floor(random() * list.length)];
const between = (random, min, max) => min + Math.floor(random() * (max - min + 1));
const capitalize = (word) => word.charAt(0).toUpperCase() + word.slice(1);

/** `count` words of running text. */
function words(random, count) {
  const out = [];
  for (let k = 0; k < count; k += 1) out.push(wordAt(zipfRank(random)));
  return out;
}

/** Ranks of function words that headlines leave out. */
const TITLE_SKIPS_RANKS_UP_TO = 9;

function titleWords(random, count) {
  const out = [];
  while (out.length < count) {
    const rank = zipfRank(random);
    if (rank > TITLE_SKIPS_RANKS_UP_TO) out.push(wordAt(rank));
  }
  return out;
}

/** A sentence; `insert` (a list of words) replaces words from its second word on. */
function sentence(random, insert = null) {
  const list = words(random, between(random, 6, 16));
  if (insert) list.splice(between(random, 1, list.length - insert.length), insert.length, ...insert);
  list[0] = capitalize(list[0]);
  return `${list.join(' ')}.`;
}

function paragraph(random, insert = null) {
  const sentences = [];
  const count = between(random, 2, 5);
  const at = insert ? between(random, 0, count - 1) : -1;
  for (let k = 0; k < count; k += 1) sentences.push(sentence(random, k === at ? insert : null));
  return sentences.join(' ');
}

/** Strapi blocks: 3–6 paragraphs of generated words (about 1–2 KB of JSON); `insert` goes into one sentence of one of them. */
function body(random, insert = null) {
  const blocks = [];
  const count = between(random, 3, 6);
  const at = insert ? between(random, 0, count - 1) : -1;
  for (let k = 0; k < count; k += 1) {
    blocks.push({ type: 'paragraph', children: [{ type: 'text', text: paragraph(random, k === at ? insert : null) }] });
  }
  return blocks;
}

/**
 * The benchmark's search terms (bench/run.js, Q and L): a rare word (~25 articles of 100,000), a common one
 * (~1 %), a very common one (~50 %) and a phrase of two words of ~15 % and ~12 % that PHRASE_SHARE of the
 * articles carry in their body (a few more by chance). Stems and stop words were checked on both engines:
 * each term is its own stem there and no other word of the vocabulary shares it.
 */
const RARE_RANK = 60000;
const COMMON_RANK = 1500;
const PHRASE = ['climate', 'summit'];
const PHRASE_SHARE = 0.005;
const SEARCH_TERMS = {
  rare: wordAt(RARE_RANK),
  common: wordAt(COMMON_RANK),
  veryCommon: 'government',
  phrase: `"${PHRASE.join(' ')}"`,
};

const FIRST_NAMES = 'Anna Ben Clara David Elena Frank Grace Hugo Ines James Karin Leo Maria Nina Omar Paula Rosa Sam Tom Vera'.split(' ');
const LAST_NAMES =
  'Adams Berger Costa Dubois Evans Fischer Garcia Hansen Ivanov Jensen Keller Larsen Moreau Novak Olsen Petrov Quinn Rossi Schmidt Weber'.split(' ');

const SECTION_NAMES = [
  'World',
  'Europe',
  'Business',
  'Science',
  'Sport',
  'Culture',
  'Opinion',
  'Politics',
  'Technology',
  'Health',
  'Environment',
  'Education',
  'Travel',
  'Food',
  'Music',
  'Film',
  'Books',
  'Money',
  'Local',
  'Weather',
];

/** Section j (0-based): name and slug. */
function section(j) {
  const base = SECTION_NAMES[j % SECTION_NAMES.length];
  const round = Math.floor(j / SECTION_NAMES.length);
  const name = round === 0 ? base : `${base} ${round + 1}`;
  return { name, slug: name.toLowerCase().replace(/\s+/g, '-') };
}

/** The section of article i: round robin, so every section holds N/M articles. */
const sectionOf = (i, sections) => i % sections;

function title(i) {
  const random = rng(i * 7919 + 17);
  const list = titleWords(random, between(random, 5, 9));
  list[0] = capitalize(list[0]);
  return list.join(' ');
}

/** Unique, valid slug (lower-case words and digits joined by single hyphens). */
const articleSlug = (i) => `${title(i).toLowerCase().replace(/\s+/g, '-')}-${i.toString(36)}`;

const DAY = 24 * 3600 * 1000;

/**
 * Article i of n: text and dates. Publication dates run from ~10 years ago to a day ago in the order of
 * i (as a newsroom writes them), with jitter, so that "newest" is not simply "highest id".
 */
function article(i, n, now) {
  const random = rng(i * 104729 + 3);
  const span = 10 * 365 * DAY;
  const start = now - span - DAY;
  const publicationDate = Math.floor(start + (span * i) / Math.max(1, n) + (random() - 0.5) * 3 * DAY);
  const republished = random() < 0.1;
  const publishedAt = publicationDate + (republished ? between(random, 1, 72) * 3600 * 1000 : 0);
  const byline = random() < 0.6 ? `By ${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}` : null;
  const withPhrase = random() < PHRASE_SHARE;
  return {
    title: title(i),
    slug: articleSlug(i),
    byline,
    body: body(random, withPhrase ? PHRASE : null),
    publicationDate: new Date(publicationDate),
    publishedAt: new Date(Math.min(publishedAt, now - 60000)),
    lastUpdatedAt: random() < 0.05 ? new Date(Math.min(publishedAt + DAY, now - 60000)) : null,
  };
}

const tokens = (text) => text.toLowerCase().match(/[a-z]+/g) || [];

/** Whether the word list holds `sequence` (one word or a phrase's words) as consecutive words. */
function holds(list, sequence) {
  outer: for (let k = 0; k + sequence.length <= list.length; k += 1) {
    for (let s = 0; s < sequence.length; s += 1) if (list[k + s] !== sequence[s]) continue outer;
    return true;
  }
  return false;
}

/**
 * How many of articles 0 … n−1 hold each term in their title or body (a phrase: its words in a row within
 * one of the two; the body's paragraphs read as one text), as a word index that keeps stop words' positions
 * finds them. Bylines are names, never a term. ~1 s per 100,000 articles.
 */
function termCounts(n, terms = SEARCH_TERMS) {
  const wanted = Object.entries(terms).map(([key, term]) => [key, tokens(term)]);
  const counts = Object.fromEntries(wanted.map(([key]) => [key, 0]));
  const now = Date.now();
  for (let i = 0; i < n; i += 1) {
    const a = article(i, n, now);
    const inTitle = tokens(a.title);
    const inBody = tokens(a.body.map((block) => block.children.map((child) => child.text).join(' ')).join(' '));
    for (const [key, sequence] of wanted) if (holds(inTitle, sequence) || holds(inBody, sequence)) counts[key] += 1;
  }
  return counts;
}

module.exports = {
  rng,
  between,
  pick,
  words,
  sentence,
  body,
  section,
  sectionOf,
  article,
  articleSlug,
  title,
  DAY,
  SEARCH_TERMS,
  termCounts,
  wordAt,
  rankProbability,
  VOCABULARY_SIZE,
  HEAD,
};
