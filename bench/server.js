'use strict';
/**
 * The benchmark's child process (started by bench/run.js, never by hand):
 *
 *   node bench/server.js fill    boots Strapi once on the fresh database (migrations, schema, bootstrap),
 *                                then writes N published articles, their sections and teasers with knex,
 *                                straight into the tables Strapi reads, and exits.
 *                                Then it rebuilds the search index once (timed) and reports its size.
 *   node bench/server.js serve   starts the production server (API only, no admin panel) and, on request
 *                                over IPC, times the article page's database work in-process (the floor),
 *                                counts the articles that hold the search terms with SQL LIKE, times
 *                                stock Strapi's $containsi on title or body through the Document Service,
 *                                and (T) translates every article and teaser into a second locale: the same
 *                                rows again, written with SQL (INSERT … SELECT), linked to that locale's sections.
 *
 * Database, port, secrets and sizes come from the environment set by bench/run.js.
 */
const path = require('path');
const { performance } = require('perf_hooks');
const data = require('./data');

const appDir = path.resolve(__dirname, '..');
const distDir = path.join(appDir, 'dist');

const send = (message) => (process.send ? process.send(message) : console.log(JSON.stringify(message)));

function boot() {
  const { createStrapi } = require('@strapi/strapi');
  return createStrapi({ appDir, distDir, serveAdminPanel: false });
}

/** Table and column names as Strapi's metadata has them (no guessing). */
function tableNames(strapi) {
  const article = strapi.db.metadata.get('api::article.article');
  const teaser = strapi.db.metadata.get('api::teaser.teaser');
  const column = (meta, attribute) => {
    const found = meta.attributes[attribute];
    if (!found || !found.columnName) throw new Error(`No column for ${meta.uid}.${attribute}`);
    return found.columnName;
  };
  const link = (meta, attribute) => {
    const joinTable = meta.attributes[attribute].joinTable;
    if (!joinTable) throw new Error(`No join table for ${meta.uid}.${attribute}`);
    return {
      name: joinTable.name,
      own: joinTable.joinColumn.name,
      other: joinTable.inverseJoinColumn.name,
      // The order column of the other side's list (section.articles, article.teasers, section.teasers).
      order: joinTable.inverseOrderColumnName,
    };
  };
  const columns = (meta, attributes) => Object.fromEntries(attributes.map((name) => [name, column(meta, name)]));
  const common = ['documentId', 'createdAt', 'updatedAt', 'publishedAt', 'locale'];
  return {
    articles: {
      table: article.tableName,
      columns: columns(article, [...common, 'title', 'slug', 'byline', 'body', 'publicationDate', 'lastUpdatedAt', 'scheduledAt']),
      section: link(article, 'section'),
    },
    teasers: {
      table: teaser.tableName,
      columns: columns(teaser, [...common, 'headline', 'summary', 'position', 'startsAt', 'endsAt', 'scheduledAt']),
      article: link(teaser, 'article'),
      section: link(teaser, 'section'),
    },
  };
}

/**
 * Rows in batches of multi-row INSERTs. Knex writes one for SQLite as a compound SELECT, which SQLite caps
 * at 500 terms; PostgreSQL takes up to 65535 bound values per statement.
 */
async function insertAll(trx, table, rows, batch) {
  const size = trx.client.config.client === 'postgres' || trx.client.dialect === 'postgresql' ? batch : Math.min(batch, 400);
  for (let start = 0; start < rows.length; start += size) {
    await trx(table).insert(rows.slice(start, start + size));
  }
}

async function maxId(knex, table) {
  const row = await knex(table).max({ max: 'id' }).first();
  return Number(row && row.max) || 0;
}

async function fill() {
  const n = Number(process.env.BENCH_ARTICLES);
  const m = Number(process.env.BENCH_SECTIONS);
  const client = process.env.DATABASE_CLIENT;
  const bootStarted = performance.now();
  const strapi = await boot().load();
  const bootSeconds = (performance.now() - bootStarted) / 1000;
  const knex = strapi.db.connection;
  const names = tableNames(strapi);
  const { createId } = require('@paralleldrive/cuid2');
  // Every row in the default locale (issue 17: readers' queries select one locale).
  const locale = await strapi.plugin('i18n').service('locales').getDefaultLocale();
  const started = performance.now();
  const now = Date.now();

  // Sections through the Document Service: few, and this way they are exactly what Strapi writes. A section
  // that is already there (the demo seed's World, Europe, ... when the load test fills on top of it) is reused.
  const existing = new Set((await strapi.db.query('api::section.section').findMany({ select: ['slug'] })).map((row) => row.slug));
  for (let j = 0; j < m; j += 1) {
    const { name, slug } = data.section(j);
    if (!existing.has(slug)) await strapi.documents('api::section.section').create({ data: { name, slug, description: `News from ${name}.` } });
  }
  const sectionRows = await strapi.db.query('api::section.section').findMany({ select: ['id', 'slug', 'documentId'] });
  const sectionIds = Array.from({ length: m }, (_, j) => {
    const found = sectionRows.find((row) => row.slug === data.section(j).slug);
    if (!found) throw new Error(`Section ${data.section(j).slug} was not created`);
    return found.id;
  });

  // Articles: one draft row and one published row per document (same document_id), both linked to the
  // section, as Strapi's publish leaves them. Ids are given so that the link rows can name them.
  const A = names.articles;
  const c = A.columns;
  const firstArticleId = (await maxId(knex, A.table)) + 1;
  const draftId = (i) => firstArticleId + 2 * i;
  const publishedId = (i) => firstArticleId + 2 * i + 1;
  const perSectionOrder = new Array(m).fill(0);
  const chunk = client === 'postgres' ? 5000 : n; // one transaction on SQLite, several on PostgreSQL
  const documentIds = new Array(n);
  for (let from = 0; from < n; from += chunk) {
    const to = Math.min(n, from + chunk);
    const rows = [];
    const links = [];
    for (let i = from; i < to; i += 1) {
      const a = data.article(i, n, now);
      const documentId = createId();
      documentIds[i] = documentId;
      const s = data.sectionOf(i, m);
      perSectionOrder[s] += 1;
      const base = {
        [c.documentId]: documentId,
        [c.title]: a.title,
        [c.slug]: a.slug,
        [c.byline]: a.byline,
        [c.body]: JSON.stringify(a.body),
        [c.publicationDate]: a.publicationDate,
        [c.lastUpdatedAt]: a.lastUpdatedAt,
        [c.scheduledAt]: null,
        [c.createdAt]: a.publicationDate,
        [c.updatedAt]: a.publishedAt,
        [c.locale]: locale,
      };
      rows.push({ id: draftId(i), ...base, [c.publishedAt]: null });
      rows.push({ id: publishedId(i), ...base, [c.publishedAt]: a.publishedAt });
      for (const id of [draftId(i), publishedId(i)]) {
        links.push({ [A.section.own]: id, [A.section.other]: sectionIds[s], [A.section.order]: perSectionOrder[s] });
      }
    }
    await knex.transaction(async (trx) => {
      await insertAll(trx, A.table, rows, 500);
      await insertAll(trx, A.section.name, links, 1000);
    });
  }

  // Teasers. An archive keeps its old promotions (1 per 100 articles, long expired, 30% of them filed in
  // no section) while the promotions shown now stay few whatever the archive's size: per section one
  // teaser filed there, one unfiled teaser of an article of the section inside its window, and one that
  // starts next week.
  const T = names.teasers;
  const t = T.columns;
  const teasers = [];
  const random = data.rng(4242);
  const articleIn = (s) => {
    const perSection = Math.ceil((n - s) / m);
    return s + m * Math.floor(random() * perSection);
  };
  for (let k = 0; k < Math.floor(n / 100); k += 1) {
    const i = Math.floor(random() * n);
    const a = data.article(i, n, now);
    teasers.push({
      article: i,
      section: random() < 0.7 ? data.sectionOf(i, m) : null,
      headline: random() < 0.5 ? data.title(i + n) : null,
      summary: random() < 0.3 ? data.sentence(random) : null,
      position: data.between(random, 0, 3),
      startsAt: a.publicationDate,
      endsAt: new Date(a.publicationDate.getTime() + 2 * data.DAY),
    });
  }
  for (let s = 0; s < m; s += 1) {
    teasers.push({
      article: articleIn(s),
      section: s,
      headline: `Top story in ${data.section(s).name}`,
      summary: null,
      position: 0,
      startsAt: null,
      endsAt: null,
    });
    teasers.push({
      article: articleIn(s),
      section: null,
      headline: null,
      summary: data.sentence(random),
      position: 1,
      startsAt: new Date(now - data.DAY),
      endsAt: new Date(now + 30 * data.DAY),
    });
    teasers.push({
      article: articleIn(s),
      section: s,
      headline: 'Coming next week',
      summary: null,
      position: 0,
      startsAt: new Date(now + 7 * data.DAY),
      endsAt: null,
    });
  }
  const firstTeaserId = (await maxId(knex, T.table)) + 1;
  const teaserRows = [];
  const teaserArticleLinks = [];
  const teaserSectionLinks = [];
  const perArticleTeasers = new Map();
  const perSectionTeasers = new Array(m).fill(0);
  teasers.forEach((teaser, k) => {
    const documentId = createId();
    const created = new Date(teaser.startsAt ? teaser.startsAt.getTime() : now - data.DAY);
    const base = {
      [t.documentId]: documentId,
      [t.headline]: teaser.headline,
      [t.summary]: teaser.summary,
      [t.position]: teaser.position,
      [t.startsAt]: teaser.startsAt,
      [t.endsAt]: teaser.endsAt,
      [t.scheduledAt]: null,
      [t.createdAt]: created,
      [t.updatedAt]: created,
      [t.locale]: locale,
    };
    const ids = [firstTeaserId + 2 * k, firstTeaserId + 2 * k + 1];
    teaserRows.push({ id: ids[0], ...base, [t.publishedAt]: null });
    teaserRows.push({ id: ids[1], ...base, [t.publishedAt]: created });
    const articleOrder = (perArticleTeasers.get(teaser.article) || 0) + 1;
    perArticleTeasers.set(teaser.article, articleOrder);
    teaserArticleLinks.push({ [T.article.own]: ids[0], [T.article.other]: draftId(teaser.article), [T.article.order]: articleOrder });
    teaserArticleLinks.push({ [T.article.own]: ids[1], [T.article.other]: publishedId(teaser.article), [T.article.order]: articleOrder });
    if (teaser.section !== null) {
      perSectionTeasers[teaser.section] += 1;
      for (const id of ids) {
        teaserSectionLinks.push({ [T.section.own]: id, [T.section.other]: sectionIds[teaser.section], [T.section.order]: perSectionTeasers[teaser.section] });
      }
    }
  });
  await knex.transaction(async (trx) => {
    await insertAll(trx, T.table, teaserRows, 500);
    await insertAll(trx, T.article.name, teaserArticleLinks, 1000);
    await insertAll(trx, T.section.name, teaserSectionLinks, 1000);
  });

  if (client === 'postgres') {
    // Explicit ids leave the sequences behind.
    for (const table of [A.table, A.section.name, T.table, T.article.name, T.section.name]) {
      await knex.raw(`SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT MAX(id) FROM ??))`, [table, table]);
    }
  }
  // Revision history (R): versions of every article, written straight into the history table, timed on their own.
  const versionsPerArticle = Number(process.env.BENCH_HISTORY_VERSIONS || 0);
  const history = versionsPerArticle
    ? await fillHistory(strapi, {
        n,
        now,
        perArticle: versionsPerArticle,
        big: Number(process.env.BENCH_HISTORY_BIG || 1000),
        documentIds,
        sectionDocumentIds: Array.from({ length: m }, (_, j) => sectionRows.find((row) => row.slug === data.section(j).slug).documentId),
        sections: m,
      })
    : null;
  // The rows went around the Document Service, which keeps the search index: it is rebuilt once, timed.
  const searchIndex = await buildSearchIndex(strapi);
  if (client === 'postgres') {
    // A freshly loaded table has no statistics yet (autovacuum would gather them within a minute; the benchmark does not wait for it).
    await knex.raw('VACUUM ANALYZE');
  }
  if (history) history.storage = await historyStorage(strapi);
  if (searchIndex) searchIndex.bytes = await searchIndexStore().searchIndexBytes(strapi);
  const fillSeconds = (performance.now() - started) / 1000 - (searchIndex ? searchIndex.buildSeconds : 0) - (history ? history.fillSeconds : 0);
  const counts = {
    articles: Number((await knex(A.table).whereNotNull(c.publishedAt).count({ n: '*' }).first()).n),
    teasers: Number((await knex(T.table).whereNotNull(t.publishedAt).count({ n: '*' }).first()).n),
  };
  await strapi.destroy();
  send({ type: 'filled', fillSeconds, bootSeconds, counts, teasers: teasers.length, searchIndex, history });
}

/** The actions of an article's versions (HISTORY_ACTIONS[k] for its k-th of 10): drafted, published, edited, republished. */
const HISTORY_ACTIONS = ['create', 'update', 'update', 'update', 'publish', 'update', 'update', 'publish', 'update', 'publish'];
/** The authors of the filled versions: admins 1 … HISTORY_AUTHORS. */
const HISTORY_AUTHORS = 20;

/**
 * An earlier state of an article's body: `edits` small edits away from the final one, as an editor's saves leave it
 * (one word in a paragraph changed per edit, the last paragraph missing in the first drafts).
 */
function editedBody(body, edits, random) {
  const blocks = body.map((block) => ({ ...block, children: block.children.map((child) => ({ ...child })) }));
  for (let e = 0; e < edits; e += 1) {
    const child = blocks[e % blocks.length].children[0];
    const list = child.text.split(' ');
    list[data.between(random, 1, list.length - 1)] = data.words(random, 1)[0];
    child.text = list.join(' ');
  }
  return edits >= 7 && blocks.length > 3 ? blocks.slice(0, -1) : blocks;
}

/**
 * Versions of every article in newsroom_history_versions, as the history middleware (src/history/) writes them: one
 * real version is recorded first through the compiled app (recordCurrent of dist/src/history/versions.js), and its row
 * is the template of the others (every column, the content's fields in its order); the final version of each
 * article is checked against it. `perArticle` versions per article (the last one its current state) and `big`
 * versions of the newest article; multi-row INSERTs in batches, one transaction per 1,000 articles.
 */
async function fillHistory(strapi, { n, now, perArticle, big, documentIds, sectionDocumentIds, sections }) {
  const { isDeepStrictEqual } = require('util');
  const crypto = require('crypto');
  const knex = strapi.db.connection;
  const started = performance.now();
  const meta = strapi.db.metadata.get('api::history.version');
  const column = (attribute) => meta.attributes[attribute].columnName;
  const ARTICLE = 'api::article.article';

  const versions = require(path.join(distDir, 'src', 'history', 'versions.js'));
  const templateId = await versions.recordCurrent(strapi, ARTICLE, documentIds[0], 'update');
  const template = await knex(meta.tableName).where({ id: templateId }).first();
  await knex(meta.tableName).where({ id: templateId }).delete();
  const recorded = typeof template[column('content')] === 'string' ? JSON.parse(template[column('content')]) : template[column('content')];

  const iso = (date) => (date ? date.toISOString() : null);
  const contentOf = (i, a) => ({
    title: a.title,
    slug: a.slug,
    byline: a.byline,
    body: a.body,
    section: sectionDocumentIds[data.sectionOf(i, sections)],
    cover: null,
    seo: null,
    publicationDate: iso(a.publicationDate),
    lastUpdatedAt: iso(a.lastUpdatedAt),
    scheduledAt: null,
  });
  const first = contentOf(0, data.article(0, n, now));
  // Key order aside (jsonb sorts keys).
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(first)), recorded))
    throw new Error(`History fill: article 0's content differs from what the history records: ${JSON.stringify(recorded).slice(0, 600)}`);

  const fixed = { ...template };
  delete fixed.id;
  const documentIdColumn = meta.attributes.documentId ? meta.attributes.documentId.columnName : null;
  const hasDocumentId = Boolean(documentIdColumn && documentIdColumn in template);
  const client = knex.client.config.client;
  const batch = client === 'postgres' || client === 'pg' ? 2000 : 400;
  let rows = [];
  let total = 0;
  let contentBytes = 0;
  const flush = async () => {
    if (!rows.length) return;
    const pending = rows;
    rows = [];
    await knex.transaction((trx) => insertAll(trx, meta.tableName, pending, batch));
  };
  const versionRow = (i, k, at, action, published, content) => {
    const json = JSON.stringify(content);
    contentBytes += Buffer.byteLength(json);
    total += 1;
    const authorId = 1 + ((i * 7 + k) % HISTORY_AUTHORS);
    return {
      ...fixed,
      ...(hasDocumentId ? { [documentIdColumn]: crypto.randomBytes(18).toString('base64url').toLowerCase().slice(0, 24) } : {}),
      [column('subjectUid')]: ARTICLE,
      [column('subjectDocumentId')]: documentIds[i],
      [column('action')]: action,
      [column('authorKind')]: 'admin',
      [column('authorId')]: authorId,
      [column('authorName')]: `Editor ${authorId}`,
      [column('title')]: content.title,
      [column('published')]: published,
      // As writeVersion sets it: the audit trail's default list reads it.
      [column('audited')]: versions.AUDIT_ACTIONS.includes(action),
      [column('content')]: json,
      [column('createdAt')]: at,
      [column('updatedAt')]: at,
    };
  };
  const bigIndex = n - 1;
  for (let i = 0; i < n; i += 1) {
    const a = data.article(i, n, now);
    const random = data.rng(i * 31337 + 11);
    const count = i === bigIndex ? big : perArticle;
    const final = contentOf(i, a);
    // From three hours before the publication on, the last one a little after it (the big one over its ~month).
    const step = i === bigIndex ? 40 * 60 * 1000 : 20 * 60 * 1000;
    const firstAt = a.publicationDate.getTime() - 3 * 3600 * 1000;
    let published = false;
    for (let k = 0; k < count; k += 1) {
      const action = count === HISTORY_ACTIONS.length ? HISTORY_ACTIONS[k] : k === 0 ? 'create' : k % 10 === 9 ? 'publish' : 'update';
      if (action === 'publish') published = true;
      const edits = count - 1 - k;
      const title = edits > 0 && k % 3 === 0 ? `${a.title} ${data.words(random, 1)[0]}` : a.title;
      const content = edits === 0 ? final : { ...final, title, body: editedBody(a.body, Math.min(edits, 9), random) };
      rows.push(versionRow(i, k, new Date(Math.min(firstAt + k * step, now - 1000)), action, published, content));
    }
    if (rows.length >= 10000) await flush();
  }
  await flush();
  if (client === 'postgres' || client === 'pg') {
    await knex.raw(`SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT MAX(id) FROM ??))`, [meta.tableName, meta.tableName]);
  }
  const bigVersionIds = (await knex(meta.tableName).where(column('subjectDocumentId'), documentIds[bigIndex]).orderBy('id').select('id')).map((row) => row.id);
  return {
    rows: total,
    perArticle,
    bigDocumentId: documentIds[bigIndex],
    bigSlug: data.articleSlug(bigIndex),
    bigVersionIds,
    averageContentBytes: Math.round(contentBytes / total),
    authors: HISTORY_AUTHORS,
    fillSeconds: (performance.now() - started) / 1000,
  };
}

/** The history table's size on disk: the table (PostgreSQL: with its TOAST) and each of its indexes, in bytes. */
async function historyStorage(strapi) {
  const knex = strapi.db.connection;
  const table = strapi.db.metadata.get('api::history.version').tableName;
  const rows = Number((await knex(table).count({ n: '*' }).first()).n);
  const indexes = {};
  let tableBytes;
  if (knex.client.config.client === 'postgres' || knex.client.config.client === 'pg') {
    const relation = (await knex.raw('SELECT pg_table_size(?::regclass) AS t, pg_relation_size(?::regclass) AS heap', [table, table])).rows[0];
    tableBytes = Number(relation.t);
    const list = await knex.raw('SELECT indexrelname AS name, pg_relation_size(indexrelid) AS bytes FROM pg_stat_user_indexes WHERE relname = ?', [table]);
    for (const row of list.rows) indexes[row.name] = Number(row.bytes);
    return { rows, tableBytes, heapBytes: Number(relation.heap), indexes, ...totals(rows, tableBytes, indexes) };
  }
  const pages = async (name) => Number((await knex.raw('SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name = ? AND aggregate = TRUE', [name]))[0].bytes) || 0;
  tableBytes = await pages(table);
  const list = await knex.raw("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", [table]);
  for (const row of list) indexes[row.name] = await pages(row.name);
  return { rows, tableBytes, indexes, ...totals(rows, tableBytes, indexes) };
}

function totals(rows, tableBytes, indexes) {
  const indexBytes = Object.values(indexes).reduce((sum, bytes) => sum + bytes, 0);
  return { indexBytes, totalBytes: tableBytes + indexBytes, bytesPerVersion: rows ? Math.round((tableBytes + indexBytes) / rows) : 0 };
}

/** The search index's module (src/search/), compiled: `rebuildSearchIndex(strapi)`, `searchIndexBytes(strapi)`. */
const SEARCH_INDEX_STORE = path.join(distDir, 'src', 'search', 'engine.js');
const searchIndexStore = () => require(SEARCH_INDEX_STORE);

/** The search index rebuilt from the published articles (what `npm run search:reindex` runs), timed; null without the search module. */
async function buildSearchIndex(strapi) {
  const started = performance.now();
  const { documents } = await searchIndexStore().rebuildSearchIndex(strapi);
  return { documents, buildSeconds: (performance.now() - started) / 1000 };
}

function percentile(sorted, p) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * The floor: the article page's database work alone, in this process, with the same concurrency as the
 * HTTP runs. The queries GET /api/articles/by-slug/:slug runs (src/reader/queries/, as findArticlePage
 * and findMoreFrom call them), without HTTP, routing, or turning rows into the page (excerpts, "Last
 * update", JSON).
 */
async function floor(strapi, { slugs, duration, warmup, concurrency }) {
  const reader = (file) => require(path.join(distDir, 'src', 'reader', 'queries', file));
  const sql = { ...reader('article.js'), ...reader('shown-teasers.js'), ...reader('latest-in-section.js'), ...reader('files.js') };
  const limit = 5;
  const page = async (slug) => {
    const article = await sql.loadArticleRow(strapi, { slug }, 'published');
    if (!article || !article.section) return article;
    const teasers = await sql.loadShownTeasers(strapi, article.section.id, {
      excludeDocumentId: article.documentId,
      now: new Date(),
      limit: 100,
    });
    const promoted = new Set(teasers.map((teaser) => teaser.article.documentId));
    const wanted = limit - Math.min(promoted.size, limit);
    const latest = wanted > 0 ? await sql.loadLatestInSection(strapi, article.section.id, wanted + promoted.size + 1) : [];
    await sql.loadFiles(strapi, [...teasers.flatMap((teaser) => [teaser.imageFileId, teaser.article.coverFileId]), ...latest.map((row) => row.coverFileId)]);
    return article;
  };
  const randomSlug = () => slugs[Math.floor(Math.random() * slugs.length)];
  const run = async (seconds, latencies) => {
    const until = performance.now() + seconds * 1000;
    let errors = 0;
    let count = 0;
    const loop = async () => {
      while (performance.now() < until) {
        const started = performance.now();
        try {
          const result = await page(randomSlug());
          if (!result) errors += 1;
        } catch (error) {
          errors += 1;
          if (errors === 1) console.error(`floor: ${error && error.stack ? error.stack : error}`);
        }
        count += 1;
        if (latencies) latencies.push(performance.now() - started);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, loop));
    return { count, errors, seconds: (performance.now() - started) / 1000 };
  };
  await run(warmup, null);
  const latencies = [];
  const result = await run(duration, latencies);
  latencies.sort((a, b) => a - b);
  return {
    perSecond: result.count / result.seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors: result.errors,
    non2xx: 0,
  };
}

/** A phrase term (`"climate summit"`) as the text `$containsi` and `LIKE` look for. */
const unquoted = (term) => term.replace(/"/g, '');

/**
 * The articles whose title or body holds each term, counted by one plain SQL `LIKE` each (a full scan): the
 * cross-check of the search's totals. `LIKE` finds text, not words: a word inside a longer word counts too
 * (the benchmark's terms are inside no other word), a phrase broken by a full stop does not.
 */
async function likeCounts(strapi, terms) {
  const meta = strapi.db.metadata.get('api::article.article');
  const column = (attribute) => meta.attributes[attribute].columnName;
  const knex = strapi.db.connection;
  const out = {};
  for (const [key, term] of Object.entries(terms)) {
    const pattern = `%${unquoted(term).toLowerCase()}%`;
    const started = performance.now();
    const row = await knex(meta.tableName)
      .whereNotNull(column('publishedAt'))
      .andWhere((where) =>
        where.whereRaw('LOWER(??) LIKE ?', [column('title'), pattern]).orWhereRaw('LOWER(CAST(?? AS TEXT)) LIKE ?', [column('body'), pattern]),
      )
      .count({ n: '*' })
      .first();
    out[key] = { articles: Number(row.n), ms: performance.now() - started };
  }
  return out;
}

/**
 * Stock Strapi's `$containsi` on title OR body, through the Document Service, in this process: what a
 * controller of stock Strapi would run for a search of the body (the REST query contract refuses filters on
 * the blocks body; Strapi's `_q` reads only string columns). The 20 newest matches with their section, then
 * the count, one after the other as Strapi's core `find` does. One at a time for `seconds`, after `warmup`.
 */
async function containsi(strapi, { term, seconds, warmup }) {
  const text = unquoted(term);
  const filters = { $or: [{ title: { $containsi: text } }, { body: { $containsi: text } }] };
  const documents = strapi.documents('api::article.article');
  let total = null;
  const once = async () => {
    const items = await documents.findMany({
      status: 'published',
      filters,
      sort: { publicationDate: 'desc' },
      limit: 20,
      fields: ['title', 'slug', 'publicationDate', 'publishedAt', 'lastUpdatedAt'],
      populate: { section: { fields: ['slug', 'name'] } },
    });
    total = await documents.count({ status: 'published', filters });
    if (items.length !== Math.min(20, total)) throw new Error(`$containsi "${text}": ${items.length} items of ${total}`);
  };
  const run = async (limitSeconds, latencies) => {
    const until = performance.now() + limitSeconds * 1000;
    let errors = 0;
    let count = 0;
    const started = performance.now();
    do {
      const begun = performance.now();
      try {
        await once();
      } catch (error) {
        errors += 1;
        if (errors === 1) console.error(`containsi: ${error && error.stack ? error.stack : error}`);
      }
      count += 1;
      if (latencies) latencies.push(performance.now() - begun);
    } while (performance.now() < until);
    return { count, errors, seconds: (performance.now() - started) / 1000 };
  };
  await run(warmup, null);
  const latencies = [];
  const result = await run(seconds, latencies);
  latencies.sort((a, b) => a - b);
  return {
    perSecond: result.count / result.seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    requests: result.count,
    errors: result.errors,
    non2xx: 0,
    total,
  };
}

/**
 * T: every article and teaser of the default locale again in `locale` (draft and published rows, their links), as a
 * newsroom that translates everything would hold them: same document, own row, own slug (`<slug>-<locale>`), own title
 * (`<title> (<locale>)`), filed in that locale's row of the same section (created first, through the Document Service).
 * Written with INSERT … SELECT, ids shifted past the largest one so that the links can name them.
 */
async function translate(strapi, { locale }) {
  const started = performance.now();
  const knex = strapi.db.connection;
  const names = tableNames(strapi);
  const { addLocale } = require(path.join(distDir, 'src', 'locales'));
  await addLocale(strapi, locale);
  const source = await strapi.plugin('i18n').service('locales').getDefaultLocale();
  const SECTION = 'api::section.section';
  const sectionTable = strapi.db.metadata.get(SECTION).tableName;
  const sections = await strapi.db.query(SECTION).findMany({ where: { locale: source }, select: ['documentId', 'name', 'slug'] });
  for (const section of sections) {
    await strapi.documents(SECTION).update({
      documentId: section.documentId,
      locale,
      data: { name: `${section.name} (${locale})`, slug: `${section.slug}-${locale}` },
    });
  }
  const A = names.articles;
  const T = names.teasers;
  const offsets = { [A.table]: await maxId(knex, A.table), [T.table]: await maxId(knex, T.table) };
  const columnsOf = async (table) => Object.keys(await knex(table).columnInfo());

  /** The rows of `table` in the source locale, again in `locale`, ids shifted; `suffixed` columns get ` (<locale>)` or `-<locale>`. */
  const copyRows = async (db, table, columns, suffixed) => {
    const all = await columnsOf(table);
    const exprs = [];
    const bindings = [];
    for (const column of all) {
      if (column === 'id') {
        exprs.push('?? + CAST(? AS integer)');
        bindings.push(column, offsets[table]);
      } else if (column === columns.locale) {
        exprs.push('CAST(? AS varchar(16))');
        bindings.push(locale);
      } else if (suffixed[column] !== undefined) {
        exprs.push('?? || CAST(? AS varchar(16))');
        bindings.push(column, suffixed[column]);
      } else {
        exprs.push('??');
        bindings.push(column);
      }
    }
    await db.raw(`INSERT INTO ?? (${all.map(() => '??').join(', ')}) SELECT ${exprs.join(', ')} FROM ?? WHERE ?? = ?`, [
      table,
      ...all,
      ...bindings,
      table,
      columns.locale,
      source,
    ]);
  };

  /**
   * The links of the copied rows: the owner shifted like its row; the other side shifted too (an article of a
   * teaser), or (a section) that section's row in `locale`.
   */
  const copyLinks = async (db, link, ownerTable, ownerColumns, other) => {
    const all = (await columnsOf(link.name)).filter((column) => column !== 'id');
    const exprs = [];
    const bindings = [];
    for (const column of all) {
      if (column === link.own) {
        exprs.push('?? + CAST(? AS integer)');
        bindings.push(`l.${column}`, offsets[ownerTable]);
      } else if (column === link.other) {
        if (other === 'section') {
          exprs.push('??');
          bindings.push('sd.id');
        } else {
          exprs.push('?? + CAST(? AS integer)');
          bindings.push(`l.${column}`, offsets[other]);
        }
      } else {
        exprs.push('??');
        bindings.push(`l.${column}`);
      }
    }
    const sectionJoin = other === 'section' ? 'JOIN ?? se ON se.id = ?? JOIN ?? sd ON sd.document_id = se.document_id AND sd.locale = ?' : '';
    const sectionBindings = other === 'section' ? [sectionTable, `l.${link.other}`, sectionTable, locale] : [];
    await db.raw(`INSERT INTO ?? (${all.map(() => '??').join(', ')}) SELECT ${exprs.join(', ')} FROM ?? l JOIN ?? o ON o.id = ?? ${sectionJoin} WHERE ?? = ?`, [
      link.name,
      ...all,
      ...bindings,
      link.name,
      ownerTable,
      `l.${link.own}`,
      ...sectionBindings,
      `o.${ownerColumns.locale}`,
      source,
    ]);
  };

  const copyAll = async (db) => {
    await copyRows(db, A.table, A.columns, { [A.columns.slug]: `-${locale}`, [A.columns.title]: ` (${locale})` });
    await copyRows(db, T.table, T.columns, { [T.columns.headline]: ` (${locale})` });
    await copyLinks(db, A.section, A.table, A.columns, 'section');
    await copyLinks(db, T.article, T.table, T.columns, A.table);
    await copyLinks(db, T.section, T.table, T.columns, 'section');
  };
  const postgres = knex.client.config.client === 'postgres' || knex.client.dialect === 'postgresql';
  // PostgreSQL: one transaction without the reader's statement deadline (a bulk copy takes longer than a page may).
  if (postgres)
    await knex.transaction(async (trx) => {
      await trx.raw('SET LOCAL statement_timeout = 0');
      await copyAll(trx);
      for (const table of [A.table, A.section.name, T.table, T.article.name, T.section.name]) await trx.raw('ANALYZE ??', [table]);
    });
  else await copyAll(knex);
  if (postgres) {
    for (const table of [A.table, A.section.name, T.table, T.article.name, T.section.name]) {
      await knex.raw(`SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT MAX(id) FROM ??))`, [table, table]);
    }
  }
  const count = async (table, column) =>
    Object.fromEntries((await knex(table).select(column).count({ rows: '*' }).groupBy(column)).map((row) => [row[column], Number(row.rows)]));
  return {
    seconds: (performance.now() - started) / 1000,
    source,
    locale,
    articles: await count(A.table, A.columns.locale),
    teasers: await count(T.table, T.columns.locale),
  };
}

async function serve() {
  const strapi = boot();
  await strapi.start();
  // Peaks of the V8 heap and off-heap memory between two `memory` requests (diagnostics for the report).
  let peaks = {};
  const sample = () => {
    for (const [key, value] of Object.entries(process.memoryUsage())) peaks[key] = Math.max(peaks[key] || 0, value);
  };
  setInterval(sample, 200).unref();
  process.on('message', async (message) => {
    try {
      if (message.cmd === 'memory') {
        sample();
        const mb = Object.fromEntries(Object.entries(peaks).map(([key, value]) => [key, Math.round(value / 1048576)]));
        peaks = {};
        send({ type: 'memory', mb });
      }
      if (message.cmd === 'floor') send({ type: 'floor', result: await floor(strapi, message) });
      if (message.cmd === 'likeCounts') send({ type: 'likeCounts', result: await likeCounts(strapi, message.terms) });
      if (message.cmd === 'containsi') send({ type: 'containsi', result: await containsi(strapi, message) });
      if (message.cmd === 'translate') send({ type: 'translate', result: await translate(strapi, message) });
      if (message.cmd === 'stop') {
        await strapi.destroy();
        process.exit(0);
      }
    } catch (error) {
      send({ type: 'error', message: error && error.stack ? error.stack : String(error) });
    }
  });
  send({ type: 'ready' });
}

const mode = process.argv[2];
(mode === 'fill' ? fill() : mode === 'serve' ? serve() : Promise.reject(new Error(`unknown mode ${mode}`))).catch((error) => {
  const text = error && error.stack ? error.stack : String(error);
  send({ type: 'error', message: text.length > 2000 ? `${text.slice(0, 1000)} … ${text.slice(-1000)}` : text });
  process.exit(1);
});
