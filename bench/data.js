'use strict';
/**
 * Deterministic test content for the benchmark: article i, section j and their slugs are pure functions
 * of (i, j), so the orchestrator (bench/run.js) can pick random pages without asking the database.
 */

const WORDS = (
  'the council government minister said would city year people market new report police court week ' +
  'month state party vote election budget plan water school health hospital workers union company bank ' +
  'prices energy climate river harbour bridge road station train airport border trade tax rates growth ' +
  'jobs industry farmers village region museum festival orchestra team match season coach player goal ' +
  'league stadium scientists study research data space mission planet ocean forest weather storm flood ' +
  'rain summer winter officials residents families children students teachers doctors patients nurses ' +
  'police officers judges lawyers witnesses talks agreement deal treaty summit leaders president mayor ' +
  'parliament committee inquiry investigation evidence decision ruling appeal protest strike demand ' +
  'support opposition critics analysts experts figures rise fall record number share cost price fund ' +
  'after before during while because although since until across against between through within along ' +
  'early late long short large small high low public private local national foreign international ' +
  'first second last next recent annual major key final open closed new old young former current ' +
  'announced confirmed expected warned added told reported agreed rejected approved planned delayed ' +
  'increased reduced opened closed signed launched released published returned started ended'
).split(' ');

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

const pick = (random, list) => list[Math.floor(random() * list.length)];
const between = (random, min, max) => min + Math.floor(random() * (max - min + 1));
const capitalize = (word) => word.charAt(0).toUpperCase() + word.slice(1);

function words(random, count) {
  const out = [];
  for (let k = 0; k < count; k += 1) out.push(pick(random, WORDS));
  return out;
}

function sentence(random) {
  const list = words(random, between(random, 6, 16));
  list[0] = capitalize(list[0]);
  return `${list.join(' ')}.`;
}

function paragraph(random) {
  const sentences = [];
  for (let k = between(random, 2, 5); k > 0; k -= 1) sentences.push(sentence(random));
  return sentences.join(' ');
}

/** Strapi blocks: 3–6 paragraphs of generated words (about 1–2 KB of JSON). */
function body(random) {
  const blocks = [];
  for (let k = between(random, 3, 6); k > 0; k -= 1) {
    blocks.push({ type: 'paragraph', children: [{ type: 'text', text: paragraph(random) }] });
  }
  return blocks;
}

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
  const list = words(random, between(random, 5, 9));
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
  return {
    title: title(i),
    slug: articleSlug(i),
    byline: random() < 0.6 ? `By ${capitalize(pick(random, WORDS))} ${capitalize(pick(random, WORDS))}` : null,
    body: body(random),
    publicationDate: new Date(publicationDate),
    publishedAt: new Date(Math.min(publishedAt, now - 60000)),
    lastUpdatedAt: random() < 0.05 ? new Date(Math.min(publishedAt + DAY, now - 60000)) : null,
  };
}

module.exports = { rng, between, pick, words, sentence, body, section, sectionOf, article, articleSlug, title, DAY };
