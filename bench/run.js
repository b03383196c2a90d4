#!/usr/bin/env node
'use strict';
/**
 * `npm run bench [-- options]`: the article page at N articles, against stock Strapi, on SQLite or PostgreSQL.
 *
 *   --articles N      published articles (default 20000)
 *   --sections M      sections they are spread over (default 20)
 *   --db sqlite|postgres                     (default sqlite)
 *   --connections C   concurrent HTTP connections (default 20)
 *   --duration S      seconds of each measured run (default 15), after a warm-up of --warmup seconds (default 5)
 *   --keep            keep the benchmark database afterwards (default: deleted / dropped)
 *   --no-build        use dist/ as it is instead of compiling first
 *   --fill-only       stop after filling (with --keep: a database to explore)
 *   --server-heap MB  the server's V8 old-space cap, --max-old-space-size (default 256, the production setting recommended in bench/README.md;
 *                     0 = Node's default, which lets the heap grow to ~4 GB of mostly garbage before collecting)
 *   --profile         write a V8 CPU profile of the server to .tmp/bench/profiles/
 *   --only A,C        run only these measurements (the JSON then lacks the others)
 *   --hot K           the pages O and V rotate over: the K newest articles (default 100)
 *   --publishes P     publishes timed by P (default 20)
 *   --saves K         saves timed by R, each way (default 100)
 *
 * Steps: compile the app once (TypeScript → dist/, no admin panel needed: the server runs API only); fill a
 * fresh database (a file under .tmp/bench/, or a PostgreSQL database newsroom_bench_*); start the production
 * server in a child process; check a few pages through the real API; then measure with autocannon:
 *   A  GET /api/articles/by-slug/:slug            (the whole page, one request)
 *   B  the stock-Strapi way: GET /api/articles?filters[slug]... then the section's 5 newest (two requests)
 *   C  GET /api/sections/:slug/more-from?exclude=<slug>
 *   F  GET /api/sections/:slug/feed.xml           (a section's RSS feed, FEED_ITEMS = 20 items with their bodies)
 *   S  GET /api/sitemaps/articles/1.xml           (a full sitemap page of SITEMAP_PAGE_SIZE = 50,000 URLs, fetched
 *      one at a time: seconds per page and the server's RSS above its level before, while it streams)
 *   floor  the page's database work alone, timed inside the server process
 * and, for the cache tier (issue 14):
 *   H  GET /_health on the same server (the reference rate)
 *   O  A on the --hot newest articles only: the origin cache's hits (A itself rotates over every article)
 *   N  A's requests on a second server with ORIGIN_CACHE_MB=0 (no origin cache), same database
 *   V  O's requests through Varnish (deploy/varnish/default.vcl) in front of the first server: Varnish's hits
 *   P  publish-to-fresh: an edit of a published article published through the admin API, then the time until the
 *      first server, Varnish and (PostgreSQL) a second instance all serve the new title; --publishes times
 * and, for search (issue 15), on a server of its own with the origin cache off, one request at a time, for a rare, a
 * common and a very common word and a phrase (bench/data.js SEARCH_TERMS), plus the search index's build time and size:
 *   Q  GET /api/search?q=<term>&pageSize=20       (ranked, with snippets); then the four at random from C connections
 *   L  stock Strapi's $containsi on the same terms: GET /api/articles?filters[title][$containsi]=<term> (the 20 newest;
 *      the REST query contract refuses filters on the body), and title OR body through the Document Service in-process
 * and, for the revision history (issue 16), with 10 versions of every article and 1,000 of the newest written by the fill:
 *   R  the history table's size (rows, table and index bytes, bytes per version); --saves draft saves
 *      (PUT /content-manager/…/:documentId) and publishes (POST …/actions/publish) through the admin API, each on another
 *      article, on the first server (history on) and on a second one started with NEWSROOM_HISTORY_DISABLED=1 (history
 *      off), in turn: p50/p95; then, one request at a time on the first server, the history page of the 1,000-version
 *      article (GET /newsroom-history/versions, pages of 50 and 200, page 20), one version, a comparison and the audit
 *      trail (all, and by one author): p50/p95
 * and, for locales (issue 17), last (it adds rows), on a server of its own with the origin cache off (every page built):
 *   T  the article page with one locale and with two, in the same run: GET /api/articles/by-slug/:slug (any article)
 *      with every article in the default locale (en) only; then every article and teaser is translated into `de`
 *      (the same rows again, bench/server.js translate) and the English page (?locale=en) and the German page
 *      (GET /api/articles/by-slug/:slug-de?locale=de) are measured again
 * and print a Markdown table, also written as JSON to bench/results/<db>-<N>.json.
 *
 * PostgreSQL: BENCH_POSTGRES_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres) must be allowed
 * to create databases.
 */
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');
const { isDeepStrictEqual } = require('util');
const data = require('./data');
const { compileApp } = require('../scripts/lib/compile-lock');
const { child, freePort, freshDatabase, percentile, round, rssSampler, serverEnv } = require('./lib');
const { spawnVarnish, varnishAvailable } = require('../scripts/lib/varnish');

const appDir = path.resolve(__dirname, '..');

const usageError = (message) => Object.assign(new Error(`${message} (see npm run bench -- --help)`), { usage: true });

function parseArgs(argv) {
  const options = {
    articles: 20000,
    sections: 20,
    db: 'sqlite',
    connections: 20,
    duration: 15,
    warmup: 5,
    keep: false,
    build: true,
    fillOnly: false,
    profile: false,
    only: null,
    serverHeap: 256,
    hot: 100,
    publishes: 20,
    saves: 100,
  };
  for (let k = 0; k < argv.length; k += 1) {
    const arg = argv[k];
    const value = () => {
      const next = argv[k + 1];
      if (next === undefined) throw usageError(`${arg} needs a value`);
      k += 1;
      return next;
    };
    const integer = (name) => {
      const raw = value();
      const parsed = Number(raw);
      if (!Number.isInteger(parsed) || parsed < 1) throw usageError(`${name} must be a positive integer (got "${raw}")`);
      return parsed;
    };
    if (arg === '--articles') options.articles = integer(arg);
    else if (arg === '--sections') options.sections = integer(arg);
    else if (arg === '--connections') options.connections = integer(arg);
    else if (arg === '--duration') options.duration = integer(arg);
    else if (arg === '--warmup') options.warmup = integer(arg);
    else if (arg === '--hot') options.hot = integer(arg);
    else if (arg === '--publishes') options.publishes = integer(arg);
    else if (arg === '--saves') options.saves = integer(arg);
    else if (arg === '--db') options.db = value();
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--fill-only') options.fillOnly = true;
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--server-heap') {
      const raw = value();
      options.serverHeap = Number(raw);
      if (!Number.isInteger(options.serverHeap) || options.serverHeap < 0) throw usageError(`--server-heap must be a whole number of MB (got "${raw}")`);
    } else if (arg === '--only')
      options.only = value()
        .split(',')
        .map((key) => key.trim());
    else if (arg === '--help' || arg === '-h') {
      const lines = fs.readFileSync(__filename, 'utf8').split('\n');
      console.log(lines.slice(2, lines.indexOf(' */')).join('\n'));
      process.exit(0);
    } else throw usageError(`Unknown option ${arg}`);
  }
  if (!['sqlite', 'postgres'].includes(options.db)) throw usageError(`--db must be sqlite or postgres (got "${options.db}")`);
  if (options.articles < options.sections * 10) throw usageError('--articles must be at least 10 × --sections');
  if (options.hot > options.articles) throw usageError('--hot must not exceed --articles');
  if (options.publishes > options.hot) throw usageError('--publishes must not exceed --hot (each publish edits another hot article)');
  return options;
}

const log = (message) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes) => round(bytes / 1048576, 1);

/** One compile at a time on this checkout (the lock the Jest global setup takes too). */
const compile = () => compileApp(appDir);

/** Asks a bench/server.js child to stop (Strapi's destroy); SIGKILL after 15 s. */
async function stopServer(server) {
  if (server.exited()) return;
  const exited = new Promise((resolve) => (server.exited() ? resolve(true) : server.proc.on('exit', () => resolve(true))));
  server.send({ cmd: 'stop' });
  if (!(await Promise.race([exited, sleep(15000).then(() => false)]))) server.proc.kill('SIGKILL');
}

const ARTICLE_ADMIN = '/content-manager/collection-types/api::article.article';

/** GET `url` on a kept-alive `agent`: status, headers and the whole body; an error after 30 s. */
function httpGet(agent, url, headers = {}) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString() }));
      response.on('error', reject);
    });
    request.setTimeout(30000, () => request.destroy(new Error(`GET ${url}: no answer in 30 s`)));
    request.on('error', reject);
  });
}

/**
 * Requests to `pathOf()` one after the other on one kept-alive connection for `seconds` (at least one
 * request; the last one may end after the time is up), each timed from sending to the last byte of its answer:
 * latency without queueing, which the search targets are about.
 */
async function oneAtATime(base, pathOf, seconds, headers = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies = [];
  const cache = {};
  let errors = 0;
  let non2xx = 0;
  const started = performance.now();
  try {
    do {
      const begun = performance.now();
      try {
        const answer = await httpGet(agent, `${base}${pathOf()}`, headers);
        latencies.push(performance.now() - begun);
        if (answer.status < 200 || answer.status > 299) non2xx += 1;
        const tag = String(answer.headers['x-origin-cache'] || 'none');
        cache[tag] = (cache[tag] || 0) + 1;
      } catch {
        errors += 1;
      }
    } while (performance.now() - started < seconds * 1000);
  } finally {
    agent.destroy();
  }
  latencies.sort((a, b) => a - b);
  return {
    perSecond: round(latencies.length / ((performance.now() - started) / 1000)),
    p50Ms: round(percentile(latencies, 50), 2),
    p95Ms: round(percentile(latencies, 95), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    requests: latencies.length,
    errors,
    non2xx,
    cache,
  };
}

/** The four search terms (bench/data.js SEARCH_TERMS), in the tables' order. */
const SEARCH_KINDS = ['rare', 'common', 'veryCommon', 'phrase'];
const KIND_LABELS = { rare: 'rare', common: 'common', veryCommon: 'very common', phrase: 'phrase' };
/** A phrase term (`"climate summit"`) as the text `$containsi` looks for. */
const unquoted = (term) => term.replace(/"/g, '');
const pathQ = (term) => `/api/search?q=${encodeURIComponent(term)}&pageSize=20`;
/** Stock Strapi over REST: `$containsi` on the title (the query contract refuses filters on the blocks body), the 20 newest, with their section. */
const pathL = (term) =>
  `/api/articles?filters[title][$containsi]=${encodeURIComponent(unquoted(term))}&sort=publicationDate:desc&pagination[pageSize]=20` +
  '&fields[0]=title&fields[1]=slug&fields[2]=publicationDate&fields[3]=publishedAt&fields[4]=lastUpdatedAt' +
  '&populate[section][fields][0]=slug&populate[section][fields][1]=name';

/** The search measurements (Q, L) as Markdown lines for the report; none when neither ran. */
function searchReport(results, searchIndex, memory, options) {
  const { Q, L, searchTerms: terms, searchRatios: ratios } = results;
  if (!Q && !L) return [];
  const cell = (r) => (r ? `${r.p50Ms} / ${r.p99Ms} (${r.perSecond}/s, ${r.requests})` : 'not run');
  const lines = [
    '',
    `Search, one request at a time (p50 / p99 ms, requests per second, requests measured); server with the origin cache off${memory.Q ? `, peak RSS Q ${memory.Q} MB` : ''}${memory.L ? `, L ${memory.L} MB` : ''}:`,
    '',
    '| term | articles: search / generator / LIKE title or body / LIKE title | Q `/api/search?q=…&pageSize=20` | L REST `filters[title][$containsi]` | L Document Service, title or body `$containsi` | L / Q (REST, title or body) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...SEARCH_KINDS.map((kind) => {
      const t = terms[kind];
      const counts = [t.search, t.generator, t.likeTitleOrBody, t.restTitle].map((value) => (value === undefined ? '—' : value)).join(' / ');
      const ratio = ratios ? `${ratios[kind].restTitle} × / ${ratios[kind].documentsTitleOrBody} ×` : '—';
      return `| ${KIND_LABELS[kind]} \`${t.term}\` | ${counts} | ${cell(Q && Q[kind])} | ${cell(L && L.restTitle[kind])} | ${cell(L && L.documentsTitleOrBody[kind])} | ${ratio} |`;
    }),
    '',
  ];
  if (Q)
    lines.push(
      `Q mixed (the four at random, ${options.connections} connections): ${Q.mixed.perSecond} req/s, p50 ${Q.mixed.p50Ms} ms, p99 ${Q.mixed.p99Ms} ms, errors ${Q.mixed.errors}, non-2xx ${Q.mixed.non2xx}.`,
    );
  const target = options.db === 'postgres' ? 50 : 20;
  if (Q) {
    const missed = ['rare', 'common'].filter((kind) => Q[kind].p50Ms >= target);
    lines.push(`Target p50 < ${target} ms for the rare and common terms: ${missed.length ? `missed by ${missed.join(', ')}` : 'met'}.`);
  }
  if (ratios) {
    const slow = SEARCH_KINDS.filter((kind) => ratios[kind].restTitle < 20 || ratios[kind].documentsTitleOrBody < 20);
    lines.push(`Target ≥ 20 × faster than $containsi: ${slow.length ? `missed by ${slow.join(', ')}` : 'met for every term'}.`);
  }
  lines.push(
    searchIndex
      ? `Search index: ${searchIndex.documents} documents, built in ${searchIndex.buildSeconds} s, ${searchIndex.megabytes} MB.`
      : 'Search index: not built (no search module in dist/src/search/).',
  );
  return lines;
}

/** The revision history's figures (R) as Markdown lines; none when R did not run. */
function historyReport(R) {
  if (!R) return [];
  const st = R.storage;
  const way = (w) => `${R.saves[w].save.p50Ms} / ${R.saves[w].save.p95Ms} | ${R.saves[w].publish.p50Ms} / ${R.saves[w].publish.p95Ms}`;
  return [
    '',
    `History: ${st.rows} versions (${R.fill.averageContentBytes} B of content JSON on average), written in ${R.fill.seconds} s; ` +
      `table ${mb(st.tableBytes)} MB + indexes ${mb(st.indexBytes)} MB = ${mb(st.totalBytes)} MB, ${st.bytesPerVersion} B per version ` +
      `(${Object.entries(st.indexes)
        .map(([name, bytes]) => `${name} ${mb(bytes)} MB`)
        .join(', ')}).`,
    '',
    `| history | draft save p50 / p95 ms | publish p50 / p95 ms | (${R.saves.on.save.count} each) |`,
    '| --- | ---: | ---: | --- |',
    `| on | ${way('on')} | |`,
    `| off (\`NEWSROOM_HISTORY_DISABLED=1\`) | ${way('off')} | |`,
    '',
    '| history read, one at a time | p50 ms | p95 ms | requests | total |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...Object.values(R.reads).map((r) => `| ${r.label} | ${r.p50Ms} | ${r.p95Ms} | ${r.requests} | ${r.total ?? ''} |`),
  ];
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const autocannon = require('autocannon');
  const n = options.articles;
  const m = options.sections;
  const commandLine = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  log(`${commandLine}: ${n} articles in ${m} sections on ${options.db}, ${options.connections} connections, ${options.duration} s per run`);

  if (options.build) {
    const started = performance.now();
    await compile();
    log(`compiled to dist/ in ${round((performance.now() - started) / 1000)} s`);
  }

  const database = await freshDatabase(options.db, n);
  const wanted = (key) => !options.only || options.only.includes(key.split('.')[0]);
  const servers = [];
  const samplers = [];
  let varnish = null;
  try {
    const port = await freePort();
    const env = {
      ...serverEnv(port, database.env),
      SEED_ON_EMPTY: 'false',
      BENCH_ARTICLES: String(n),
      BENCH_SECTIONS: String(m),
      // R: the fill writes 10 versions of every article (and 1,000 of one) into the history table.
      ...(wanted('R') ? { BENCH_HISTORY_VERSIONS: '10', BENCH_HISTORY_BIG: '1000' } : {}),
    };

    // 1. Fill.
    log(`filling ${database.label} ...`);
    // No statement deadline for the bulk load: VACUUM ANALYZE after the search index's build takes longer than a reader query may.
    const filler = child('fill', { ...env, DATABASE_STATEMENT_TIMEOUT_MS: '0' });
    const filled = await filler.next('filled');
    await new Promise((resolve) => (filler.exited() ? resolve() : filler.proc.on('exit', resolve)));
    log(
      `filled in ${round(filled.fillSeconds)} s (after a ${round(filled.bootSeconds)} s boot): ${filled.counts.articles} published articles, ` +
        `${filled.counts.teasers} published teasers`,
    );
    const searchIndex = filled.searchIndex
      ? {
          documents: filled.searchIndex.documents,
          buildSeconds: round(filled.searchIndex.buildSeconds, 2),
          megabytes: filled.searchIndex.bytes === null ? null : round(filled.searchIndex.bytes / 1048576, 1),
        }
      : null;
    if (filled.history) {
      const h = filled.history;
      log(
        `history: ${h.rows} versions written in ${round(h.fillSeconds)} s (content ${h.averageContentBytes} B of JSON on average); ` +
          `table ${mb(h.storage.tableBytes)} MB + indexes ${mb(h.storage.indexBytes)} MB = ${h.storage.bytesPerVersion} B per version`,
      );
    }
    if (searchIndex) log(`search index: ${searchIndex.documents} documents, built in ${searchIndex.buildSeconds} s, ${searchIndex.megabytes} MB`);
    else log('search index: none (no search module in dist/src/search/)');
    if (options.fillOnly) return;

    // 2. The production server. With Varnish (V, P) it purges the Varnish started later on a port chosen now; every
    // instance gets the same secrets, as instances behind one load balancer do.
    const profileDir = path.join(appDir, '.tmp', 'bench', 'profiles');
    const serverFlags = [
      ...(options.serverHeap ? [`--max-old-space-size=${options.serverHeap}`] : []),
      ...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ];
    const useVarnish = (wanted('V') || wanted('P')) && varnishAvailable();
    const varnishPort = useVarnish ? await freePort() : null;
    const serveEnv = useVarnish ? { ...env, PURGE_ADAPTER: 'varnish', PURGE_VARNISH_URLS: `http://127.0.0.1:${varnishPort}` } : env;
    const startServer = async (name, serverPort, extraEnv = {}) => {
      const started = performance.now();
      const server = child('serve', { ...serveEnv, PORT: String(serverPort), PUBLIC_URL: `http://127.0.0.1:${serverPort}`, ...extraEnv }, serverFlags, name);
      servers.push(server);
      await server.next('ready');
      log(`server ${name} up in ${round((performance.now() - started) / 1000)} s (pid ${server.proc.pid}, port ${serverPort})`);
      const sampler = rssSampler(server.proc.pid);
      samplers.push(sampler);
      server.send({ cmd: 'memory' });
      await server.next('memory'); // resets the peaks of the start-up
      return { server, sampler, base: `http://127.0.0.1:${serverPort}` };
    };
    const main = await startServer('serve', port);
    const { server, sampler, base } = main;

    const slugs = Array.from({ length: n }, (_, i) => data.articleSlug(i));
    const sectionSlugs = Array.from({ length: m }, (_, j) => data.section(j).slug);
    const randomIndex = () => Math.floor(Math.random() * n);
    const articleInSection = (j) => j + m * Math.floor(Math.random() * Math.ceil((n - j) / m));
    const pathA = (slug) => `/api/articles/by-slug/${slug}`;
    const pathB1 = (slug) => `/api/articles?filters[slug][$eq]=${slug}&populate[section]=true&populate[cover]=true&populate[seo][populate][0]=shareImage`;
    const pathB2 = (section, slug) =>
      `/api/articles?filters[section][slug][$eq]=${section}&filters[slug][$ne]=${slug}&sort=publishedAt:desc` +
      `&pagination[pageSize]=5&populate[section]=true&populate[cover]=true`;
    const pathC = (section, slug) => `/api/sections/${section}/more-from?exclude=${slug}`;
    const pathF = (section) => `/api/sections/${section}/feed.xml`;
    const SITEMAP_PAGE = '/api/sitemaps/articles/1.xml';

    // 3. The API answers what the fill wrote.
    const getJson = async (url, from = base) => {
      const response = await fetch(`${from}${url}`);
      const body = await response.json();
      if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
      return body;
    };
    for (const i of [0, n - 1, randomIndex(), randomIndex()]) {
      const slug = slugs[i];
      const expected = data.article(i, n, Date.now());
      const page = (await getJson(pathA(slug))).data;
      const problems = [];
      if (page.slug !== slug || page.title !== expected.title) problems.push('wrong article');
      if (!isDeepStrictEqual(page.body, expected.body)) problems.push('body differs'); // jsonb reorders keys
      if (!page.section || page.section.slug !== sectionSlugs[data.sectionOf(i, m)]) problems.push('wrong section');
      if (page.moreFrom.items.length !== 5) problems.push(`${page.moreFrom.items.length} "More from" items`);
      if (page.moreFrom.items.some((item) => item.slug === slug)) problems.push('lists itself in "More from"');
      const stock = (await getJson(pathB1(slug))).data;
      if (stock.length !== 1 || !stock[0].section) problems.push(`B: ${stock.length} articles for the slug`);
      const list = (await getJson(pathB2(sectionSlugs[data.sectionOf(i, m)], slug))).data;
      if (list.length !== 5) problems.push(`B: ${list.length} articles in the section list`);
      const more = (await getJson(pathC(sectionSlugs[data.sectionOf(i, m)], slug))).data;
      if (more.items.length !== 5) problems.push(`C: ${more.items.length} items`);
      if (problems.length) throw new Error(`article ${i} (${slug}): ${problems.join(', ')}`);
    }
    log('checked: pages come back whole, with 5 "More from" items, through A, B and C');
    {
      const feed = await fetch(`${base}${pathF(sectionSlugs[0])}`);
      const text = await feed.text();
      const items = (text.match(/<item>/g) || []).length;
      if (feed.status !== 200 || items !== 20) throw new Error(`F: ${feed.status}, ${items} items in the section feed`);
      const index = await (await fetch(`${base}/api/sitemap.xml`)).text();
      const pages = (index.match(/<sitemap>/g) || []).length - 1;
      if (pages !== Math.ceil(n / 50000)) throw new Error(`S: the sitemap index lists ${pages} article pages for ${n} articles`);
      log(`checked: the section feed has 20 items, the sitemap index ${pages} article page${pages === 1 ? '' : 's'}`);
    }

    /** The benchmark's super admin (the first admin of the fresh database), registered on first use: its admin API token. */
    let registered = null;
    const adminToken = () => {
      registered =
        registered ||
        fetch(`${base}/admin/register-admin`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: 'bench@newsroom.test', firstname: 'Bench', lastname: 'Editor', password: 'Bench-Passw0rd' }),
        }).then(async (response) => {
          if (response.status !== 200) throw new Error(`registering the admin failed: ${response.status} ${await response.text()}`);
          return (await response.json()).data.token;
        });
      return registered;
    };

    // 4. Measurements.
    const cannon = (requests, seconds, url = base) => autocannon({ url, connections: options.connections, duration: seconds, timeout: 30, requests });
    const results = {};
    const memory = {};

    /** One autocannon run after its own warm-up, against `target` (the first server unless said otherwise). */
    const measure = async (key, label, makeRequests, summarize, target = main) => {
      if (!wanted(key)) return;
      log(`${key}: warm-up ${options.warmup} s ...`);
      await cannon(makeRequests(null), options.warmup, target.base);
      target.sampler.mark();
      log(`${key}: ${label}, ${options.duration} s ...`);
      const state = { pages: 0, latencies: [], failed: 0, cache: {} };
      const result = await cannon(makeRequests(state), options.duration, target.base);
      memory[key] = round(target.sampler.mark());
      results[key] = summarize(result, state);
      target.server.send({ cmd: 'memory' });
      const heap = (await target.server.next('memory')).mb;
      log(
        `${key}: ${round(results[key].perSecond)}/s, p50 ${results[key].p50Ms} ms, p99 ${results[key].p99Ms} ms` +
          `${results[key].cache ? `, cache ${JSON.stringify(results[key].cache)}` : ''}; ` +
          `server peak RSS ${memory[key]} MB (V8 heap ${heap.heapUsed}/${heap.heapTotal} MB, external ${heap.external} MB)`,
      );
    };
    const fromAutocannon = (result) => ({
      perSecond: round(result.requests.total / result.duration),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: result.errors,
      non2xx: result.non2xx,
    });
    const headerOf = (headers, name) => {
      const found = Object.entries(headers || {}).find(([key]) => key.toLowerCase() === name);
      return found ? String(found[1]) : 'none';
    };
    /** Requests to `pathOf()` that count the answers by the value of the cache's `header` (X-Origin-Cache, X-Cache). */
    const tallied = (header, pathOf) => (state) => [
      {
        setupRequest: (request) => Object.assign(request, { path: pathOf() }),
        onResponse: (status, body, context, headers) => {
          if (!state) return;
          const value = headerOf(headers, header);
          state.cache[value] = (state.cache[value] || 0) + 1;
        },
      },
    ];
    const withHitRatio = (result, state) => {
      const counted = Object.values(state.cache).reduce((sum, count) => sum + count, 0);
      return { ...fromAutocannon(result), hitRatio: counted ? round((state.cache.HIT || 0) / counted, 3) : 0, cache: state.cache };
    };
    // The pages readers want when news breaks: the newest articles (the fill's publication dates follow the index).
    const hotSlugs = slugs.slice(n - options.hot);
    const randomPage = () => pathA(slugs[randomIndex()]);
    const hotPage = () => pathA(hotSlugs[Math.floor(Math.random() * hotSlugs.length)]);

    server.send({ cmd: 'memory' });
    await server.next('memory'); // resets the peaks of the start-up and the checks
    // S first: its memory is measured against the server as it stands after start-up, before the load runs grow the heap.
    if (wanted('S')) {
      // One full page at a time: the time to stream it, and how far the server's RSS rises above where it was.
      log(`S: ${SITEMAP_PAGE} fetched whole, 5 times one after the other ...`);
      await (await fetch(`${base}${SITEMAP_PAGE}`)).arrayBuffer(); // warm-up
      await sleep(500);
      sampler.mark();
      const before = sampler.mark();
      const seconds = [];
      let bytes = 0;
      let urls = 0;
      for (let k = 0; k < 5; k += 1) {
        const started = performance.now();
        const text = await (await fetch(`${base}${SITEMAP_PAGE}`)).text();
        seconds.push((performance.now() - started) / 1000);
        bytes = Buffer.byteLength(text);
        urls = (text.match(/<url>/g) || []).length;
      }
      const peak = sampler.mark();
      seconds.sort((a, b) => a - b);
      results.S = {
        urls,
        megabytes: round(bytes / 1048576, 1),
        medianSeconds: round(seconds[2], 2),
        worstSeconds: round(seconds[4], 2),
        extraRssMb: round(peak - before),
        rssBeforeMb: round(before),
      };
      memory.S = round(peak);
      log(
        `S: ${urls} URLs, ${results.S.megabytes} MB, median ${results.S.medianSeconds} s, worst ${results.S.worstSeconds} s; server RSS ${round(before)} -> ${round(peak)} MB (+${results.S.extraRssMb} MB)`,
      );
    }

    await measure('H', 'GET /_health', () => [{ path: '/_health' }], fromAutocannon);

    await measure('A', 'GET /api/articles/by-slug/:slug, any article, origin cache on', tallied('x-origin-cache', randomPage), withHitRatio);

    await measure('O', `GET /api/articles/by-slug/:slug, the ${options.hot} newest, origin cache on`, tallied('x-origin-cache', hotPage), withHitRatio);

    await measure(
      'B',
      'stock Strapi, two requests a page',
      (state) => [
        {
          setupRequest: (request, context) => {
            context.slug = slugs[randomIndex()];
            context.started = performance.now();
            return Object.assign(request, { path: pathB1(context.slug) });
          },
          onResponse: (status, body, context) => {
            if (status !== 200) return;
            try {
              const found = JSON.parse(body).data[0];
              context.section = found && found.section ? found.section.slug : null;
            } catch {
              context.section = null;
            }
          },
        },
        {
          setupRequest: (request, context) => {
            if (!context.section) {
              if (state) state.failed += 1;
              return null; // starts the page again
            }
            return Object.assign(request, { path: pathB2(context.section, context.slug) });
          },
          onResponse: (status, body, context) => {
            if (!state) return;
            if (status === 200) {
              state.pages += 1;
              state.latencies.push(performance.now() - context.started);
            }
          },
        },
      ],
      (result, state) => {
        state.latencies.sort((a, b) => a - b);
        return {
          perSecond: round(state.pages / result.duration),
          p50Ms: round(percentile(state.latencies, 50), 2),
          p99Ms: round(percentile(state.latencies, 99), 2),
          errors: result.errors + state.failed,
          non2xx: result.non2xx,
        };
      },
    );

    await measure(
      'C',
      'GET /api/sections/:slug/more-from',
      () => [
        {
          setupRequest: (request) => {
            const j = Math.floor(Math.random() * m);
            return Object.assign(request, { path: pathC(sectionSlugs[j], slugs[articleInSection(j)]) });
          },
        },
      ],
      fromAutocannon,
    );

    await measure(
      'F',
      'GET /api/sections/:slug/feed.xml',
      () => [{ setupRequest: (request) => Object.assign(request, { path: pathF(sectionSlugs[Math.floor(Math.random() * m)]) }) }],
      fromAutocannon,
    );

    if (wanted('floor')) {
      log(`floor: the page's database work in the server process, warm-up ${options.warmup} s, ${options.duration} s ...`);
      sampler.mark();
      server.send({ cmd: 'floor', slugs, duration: options.duration, warmup: options.warmup, concurrency: options.connections });
      const floor = (await server.next('floor')).result;
      results.floor = { ...floor, perSecond: round(floor.perSecond), p50Ms: round(floor.p50Ms, 2), p99Ms: round(floor.p99Ms, 2) };
      memory.floor = round(sampler.mark());
    }

    if (wanted('Q') || wanted('L')) {
      // Search (issue 15), on a server of its own with the origin cache off: every answer is built, as for a
      // query no one asked before (the same four queries are repeated; an origin cache would answer them from memory).
      const terms = data.SEARCH_TERMS;
      const started = performance.now();
      const expected = data.termCounts(n, terms);
      log(
        `search terms: ${SEARCH_KINDS.map((kind) => `${kind} ${terms[kind]} in ${expected[kind]} articles`).join(', ')} (bench/data.js, in ${round((performance.now() - started) / 1000)} s)`,
      );
      const search = await startServer('serve-search', await freePort(), { ORIGIN_CACHE_MB: '0' });
      try {
        search.server.send({ cmd: 'likeCounts', terms });
        const like = (await search.server.next('likeCounts')).result;
        results.searchTerms = {};
        for (const kind of SEARCH_KINDS) {
          const term = terms[kind];
          const info = { term, generator: expected[kind], likeTitleOrBody: like[kind].articles, likeMs: round(like[kind].ms) };
          if (wanted('Q')) {
            const answer = await getJson(pathQ(term), search.base);
            const total = answer.meta && answer.meta.pagination ? answer.meta.pagination.total : NaN;
            const hits = Array.isArray(answer.data) ? answer.data : [];
            const problems = [];
            if (hits.length !== Math.min(20, total)) problems.push(`${hits.length} hits of a total of ${total}`);
            if (hits.some((hit) => !hit.slug || !hit.title || typeof hit.snippet !== 'string' || !hit.snippet))
              problems.push('a hit without slug, title or snippet');
            if (!Array.isArray(answer.meta.sections)) problems.push('no meta.sections');
            if (problems.length) throw new Error(`Q ${kind} "${term}": ${problems.join(', ')}`);
            info.search = total;
            info.sampleSnippet = hits.length ? hits[0].snippet.slice(0, 200) : null;
            if (total !== expected[kind]) log(`Q ${kind} "${term}": the search counts ${total} articles, the generator ${expected[kind]}`);
          }
          if (wanted('L')) info.restTitle = (await getJson(pathL(term), search.base)).meta.pagination.total;
          results.searchTerms[kind] = info;
          log(
            `${KIND_LABELS[kind]} ${term}: ${info.search === undefined ? '' : `search ${info.search}, `}generator ${info.generator}, ` +
              `LIKE on title or body ${info.likeTitleOrBody} (${info.likeMs} ms)${info.restTitle === undefined ? '' : `, $containsi on title ${info.restTitle}`} articles`,
          );
        }

        if (wanted('Q')) {
          results.Q = {};
          search.sampler.mark();
          for (const kind of SEARCH_KINDS) {
            const url = pathQ(terms[kind]);
            log(`Q ${kind}: GET ${url}, one at a time, warm-up ${options.warmup} s, ${options.duration} s ...`);
            await oneAtATime(search.base, () => url, options.warmup);
            results.Q[kind] = { term: terms[kind], ...(await oneAtATime(search.base, () => url, options.duration)) };
            log(
              `Q ${kind}: p50 ${results.Q[kind].p50Ms} ms, p99 ${results.Q[kind].p99Ms} ms, ${results.Q[kind].perSecond}/s (${results.Q[kind].requests} requests)`,
            );
          }
          // Throughput: the four queries in turn from --connections connections.
          const mixed = [
            { setupRequest: (request) => Object.assign(request, { path: pathQ(terms[SEARCH_KINDS[Math.floor(Math.random() * SEARCH_KINDS.length)]]) }) },
          ];
          // No warm-up run of its own (the runs above warmed the same queries): autocannon ends a run without waiting for
          // the answers in flight, and with queries of a second the server would still work through the warm-up's
          // requests during the measured run. After it, one request waits its turn behind the run's leftovers.
          log(`Q mixed: the four queries at random from ${options.connections} connections, ${options.duration} s ...`);
          results.Q.mixed = fromAutocannon(await cannon(mixed, options.duration, search.base));
          const drain = await oneAtATime(search.base, () => pathQ(terms.rare), 0);
          log(
            `Q mixed: ${results.Q.mixed.perSecond}/s, p50 ${results.Q.mixed.p50Ms} ms, p99 ${results.Q.mixed.p99Ms} ms, ` +
              `non-2xx ${results.Q.mixed.non2xx}; the server was done with it ${round(drain.p50Ms / 1000, 1)} s after`,
          );
          memory.Q = round(search.sampler.mark());
        }

        if (wanted('L')) {
          results.L = { restTitle: {}, documentsTitleOrBody: {} };
          search.sampler.mark();
          for (const kind of SEARCH_KINDS) {
            const url = pathL(terms[kind]);
            log(`L ${kind}: GET ${url}, one at a time, warm-up ${options.warmup} s, ${options.duration} s ...`);
            await oneAtATime(search.base, () => url, options.warmup);
            results.L.restTitle[kind] = { term: terms[kind], ...(await oneAtATime(search.base, () => url, options.duration)) };
            const r = results.L.restTitle[kind];
            log(`L ${kind} (REST, title): p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.perSecond}/s (${r.requests} requests)`);
          }
          for (const kind of SEARCH_KINDS) {
            log(`L ${kind}: $containsi on title or body through the Document Service, in-process, warm-up ${options.warmup} s, ${options.duration} s ...`);
            search.server.send({ cmd: 'containsi', term: terms[kind], seconds: options.duration, warmup: options.warmup });
            const r = (await search.server.next('containsi')).result;
            results.L.documentsTitleOrBody[kind] = {
              term: terms[kind],
              ...r,
              perSecond: round(r.perSecond),
              p50Ms: round(r.p50Ms, 2),
              p99Ms: round(r.p99Ms, 2),
            };
            log(
              `L ${kind} (in-process, title or body): p50 ${round(r.p50Ms, 1)} ms, p99 ${round(r.p99Ms, 1)} ms, ${round(r.perSecond, 2)}/s (${r.requests} runs, ${r.total} articles)`,
            );
          }
          memory.L = round(search.sampler.mark());
        }
        if (results.Q && results.L) {
          results.searchRatios = Object.fromEntries(
            SEARCH_KINDS.map((kind) => [
              kind,
              {
                restTitle: round(results.L.restTitle[kind].p50Ms / results.Q[kind].p50Ms, 1),
                documentsTitleOrBody: round(results.L.documentsTitleOrBody[kind].p50Ms / results.Q[kind].p50Ms, 1),
              },
            ]),
          );
        }
      } finally {
        await stopServer(search.server);
      }
    }

    if (wanted('N')) {
      // A second server on the same database with the origin cache off; the first one idles meanwhile.
      const uncached = await startServer('serve-no-cache', await freePort(), { ORIGIN_CACHE_MB: '0' });
      await measure('N', 'GET /api/articles/by-slug/:slug, any article, origin cache off', tallied('x-origin-cache', randomPage), withHitRatio, uncached);
      await stopServer(uncached.server);
    }

    if (useVarnish) {
      varnish = await spawnVarnish({ port: varnishPort, backendPort: port, probeInterval: '1s', storage: 'malloc,256m' });
      log(`Varnish up on port ${varnishPort} (pid ${varnish.pid}) in front of the first server, shipped VCL`);
    } else if (wanted('V') || wanted('P')) log('V, P: skipped: varnishd not installed');
    if (varnish) {
      // The warm-up run fills Varnish; the origin's memory is what the table shows.
      await measure('V', `GET /api/articles/by-slug/:slug through Varnish, the ${options.hot} newest`, tallied('x-cache', hotPage), withHitRatio, {
        ...main,
        base: varnish.url,
      });
    }

    if (wanted('P')) {
      // Publish-to-fresh: what readers see after an editor publishes an edit, on every instance and through Varnish.
      const targets = [{ name: 'instance 1', base, cacheHeader: 'x-origin-cache' }];
      if (varnish) targets.push({ name: 'Varnish', base: varnish.url, cacheHeader: 'x-cache' });
      if (options.db === 'postgres') {
        // Its origin cache hears of the change through PostgreSQL LISTEN/NOTIFY; several instances on one SQLite file are not supported.
        const second = await startServer('serve-2', await freePort());
        targets.push({ name: 'instance 2', base: second.base, cacheHeader: 'x-origin-cache' });
      }
      const token = await adminToken();
      // A page that is not 200 while it is being published is counted: readers must never see it.
      let notFound = 0;
      const read = async (url) => {
        const response = await fetch(url);
        const body = await response.json();
        if (response.status !== 200) {
          notFound += 1;
          return { title: null, documentId: null, cache: null };
        }
        return { title: body.data.title, documentId: body.data.documentId, cache: response.headers.get('x-cache') || response.headers.get('x-origin-cache') };
      };
      log(`P: ${options.publishes} publishes of an edited title through instance 1; polling ${targets.map((t) => t.name).join(', ')} every 10 ms ...`);
      const samples = [];
      let cachedBefore = 0;
      for (let k = 0; k < options.publishes; k += 1) {
        const url = pathA(hotSlugs[hotSlugs.length - 1 - k]);
        // Each target holds the old page in its cache: the second read of each is a hit.
        let page = null;
        for (const target of targets) {
          page = await read(`${target.base}${url}`);
          if ((await read(`${target.base}${url}`)).cache === 'HIT') cachedBefore += 1;
        }
        if (!page.documentId) throw new Error(`P: ${url} is not served before its publish`);
        const title = `Edited for the benchmark ${k} ${Date.now()}`;
        const started = performance.now();
        const publishing = fetch(`${base}${ARTICLE_ADMIN}/${page.documentId}/actions/publish`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ title }),
        }).then(async (response) => {
          const answered = performance.now() - started;
          const body = await response.json();
          if (response.status !== 200 || body.data.title !== title)
            throw new Error(`P: publish answered ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
          return answered;
        });
        const freshAfter = await Promise.all(
          targets.map(async (target) => {
            for (;;) {
              if ((await read(`${target.base}${url}`)).title === title) return performance.now() - started;
              if (performance.now() - started > 30000) throw new Error(`P: ${target.name} still serves the old title of ${url} 30 s after the publish`);
              await sleep(10);
            }
          }),
        );
        const publishMs = await publishing;
        samples.push({ publishMs, freshMs: freshAfter, allMs: Math.max(...freshAfter), afterAnswerMs: Math.max(0, Math.max(...freshAfter) - publishMs) });
      }
      const stats = (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        return { p50Ms: round(percentile(sorted, 50)), maxMs: round(sorted[sorted.length - 1]) };
      };
      results.P = {
        publishes: samples.length,
        ...stats(samples.map((sample) => sample.allMs)),
        publishRequest: stats(samples.map((sample) => sample.publishMs)),
        // Once the editor sees "published" (the commit is before the answer), how long readers may still get the old page.
        afterAnswer: stats(samples.map((sample) => sample.afterAnswerMs)),
        byTarget: Object.fromEntries(targets.map((target, t) => [target.name, stats(samples.map((sample) => sample.freshMs[t]))])),
        cachedBefore: `${cachedBefore}/${samples.length * targets.length}`,
        non200: notFound,
      };
      log(`P: fresh everywhere after p50 ${results.P.p50Ms} ms, max ${results.P.maxMs} ms; ${JSON.stringify(results.P.byTarget)}`);
    }

    if (wanted('R')) {
      if (!filled.history) throw new Error('R: the fill wrote no history');
      const h = filled.history;
      const token = await adminToken();
      const auth = { Authorization: `Bearer ${token}` };
      const admin = async (target, method, url, body) => {
        const started = performance.now();
        const response = await fetch(`${target}${url}`, {
          method,
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: body && JSON.stringify(body),
        });
        const text = await response.text();
        const ms = performance.now() - started;
        if (response.status !== 200) throw new Error(`R: ${method} ${url}: ${response.status} ${text.slice(0, 300)}`);
        return { ms, body: JSON.parse(text) };
      };
      const UID = 'api::article.article';
      const versionsOf = async (documentId) =>
        (await admin(base, 'GET', `/newsroom-history/versions?uid=${UID}&documentId=${documentId}&pageSize=1`)).body.meta.pagination.total;

      // Saves with history on (this server) and off (a second server on the same database, NEWSROOM_HISTORY_DISABLED=1),
      // in turn, each on another article that has its 10 versions: a draft save of a new title, then its publish (no edit in it).
      const off = await startServer('serve-no-history', await freePort(), { NEWSROOM_HISTORY_DISABLED: '1' });
      const timings = { on: { save: [], publish: [] }, off: { save: [], publish: [] } };
      const picked = new Set([n - 1]);
      const nextArticle = async () => {
        let i;
        do i = randomIndex();
        while (picked.has(i));
        picked.add(i);
        return { i, documentId: (await getJson(pathA(slugs[i]))).data.documentId };
      };
      const warmups = 5;
      const checks = {};
      log(`R: ${options.saves} draft saves and publishes each way (history on / off), after ${warmups} of each not counted ...`);
      for (let k = 0; k < warmups + options.saves; k += 1) {
        const order = k % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
        for (const way of order) {
          const target = way === 'on' ? base : off.base;
          const { documentId } = await nextArticle();
          const saved = await admin(target, 'PUT', `${ARTICLE_ADMIN}/${documentId}`, { title: `Saved for the benchmark ${way} ${k}` });
          const published = await admin(target, 'POST', `${ARTICLE_ADMIN}/${documentId}/actions/publish`, {});
          if (k >= warmups) {
            timings[way].save.push(saved.ms);
            timings[way].publish.push(published.ms);
          }
          if (!checks[way]) checks[way] = documentId;
        }
      }
      await stopServer(off.server);
      // With history on, the save and the publish are (at least) two more versions; with it off, none.
      const counted = { on: (await versionsOf(checks.on)) - h.perArticle, off: (await versionsOf(checks.off)) - h.perArticle };
      if (counted.on < 2 || counted.off !== 0)
        throw new Error(`R: versions added by a save and a publish: ${counted.on} with history on, ${counted.off} off (expected 2, 0)`);
      if (counted.on !== 2) log(`R: a save and a publish (no edit in it) added ${counted.on} versions with history on, not 2`);
      const stats = (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        return {
          p50Ms: round(percentile(sorted, 50), 1),
          p95Ms: round(percentile(sorted, 95), 1),
          meanMs: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length, 1),
          count: sorted.length,
        };
      };
      const saves = Object.fromEntries(['on', 'off'].map((way) => [way, { save: stats(timings[way].save), publish: stats(timings[way].publish) }]));
      log(`R: saves ${JSON.stringify(saves)}`);

      // The history page of the 1,000-version article, a version, a comparison and the audit trail, one at a time.
      const big = h.bigDocumentId;
      const total = (await admin(base, 'GET', `/newsroom-history/versions?uid=${UID}&documentId=${big}`)).body.meta.pagination.total;
      if (total !== h.bigVersionIds.length) throw new Error(`R: the big article lists ${total} versions, the fill wrote ${h.bigVersionIds.length}`);
      const ids = h.bigVersionIds;
      const anyId = () => ids[Math.floor(Math.random() * ids.length)];
      const pair = () => {
        const a = Math.floor(Math.random() * (ids.length - 1));
        const b = a + 1 + Math.floor(Math.random() * Math.min(10, ids.length - 1 - a));
        return `left=${ids[a]}&right=${ids[b]}`;
      };
      const reads = [
        ['versions50', 'versions, page 1 of 50', () => `/newsroom-history/versions?uid=${UID}&documentId=${big}&pageSize=50`],
        ['versions200', 'versions, page 1 of 200', () => `/newsroom-history/versions?uid=${UID}&documentId=${big}&pageSize=200`],
        ['versionsPage20', 'versions, page 20 of 50', () => `/newsroom-history/versions?uid=${UID}&documentId=${big}&page=20&pageSize=50`],
        ['version', 'one version with its content', () => `/newsroom-history/versions/${anyId()}`],
        ['compare', 'compare two versions (≤ 10 apart)', () => `/newsroom-history/compare?${pair()}`],
        ['audit', 'audit trail, page 1 (default actions)', () => '/newsroom-history/audit'],
        ['auditAuthor', 'audit trail of one author, page 1', () => '/newsroom-history/audit?author=2'],
      ];
      const timed = {};
      const totals = {};
      for (const [key, label, pathOf] of reads) {
        totals[key] = (await admin(base, 'GET', pathOf())).body.meta?.pagination?.total ?? null;
        log(`R ${key}: ${label}, one at a time, warm-up ${options.warmup} s, ${options.duration} s ...`);
        await oneAtATime(base, pathOf, options.warmup, auth);
        const r = await oneAtATime(base, pathOf, options.duration, auth);
        if (r.errors || r.non2xx) throw new Error(`R ${key}: ${r.errors} errors, ${r.non2xx} non-2xx answers`);
        timed[key] = { label, p50Ms: r.p50Ms, p95Ms: r.p95Ms, p99Ms: r.p99Ms, requests: r.requests, total: totals[key] };
        log(`R ${key}: p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms (${r.requests} requests${totals[key] === null ? '' : `, total ${totals[key]}`})`);
      }
      results.R = {
        storage: h.storage,
        fill: { rows: h.rows, seconds: round(h.fillSeconds), averageContentBytes: h.averageContentBytes },
        saves,
        versionsAdded: counted,
        reads: timed,
      };
    }

    if (wanted('T')) {
      // Locales (issue 17): the same page with one locale and with two, on a server of its own with the origin cache
      // off, so that each request builds the page (a cache would hide the queries' cost). The first server is done
      // (T comes last): it stops, so that the translation is the database's only writer (SQLite: "database is locked").
      await stopServer(server);
      const locales = await startServer('serve-locales', await freePort(), { ORIGIN_CACHE_MB: '0' });
      try {
        // A build whose article page takes no `locale` yet (400 "Invalid key locale") gets the English page without it,
        // and no German page (it cannot be asked for): T then compares English pages only.
        const refused = await fetch(`${locales.base}/api/articles/by-slug/${slugs[0]}?locale=en`);
        const takesLocale = !(refused.status === 400 && /Invalid key locale/.test(await refused.text()));
        if (!takesLocale) log('T: the article page takes no ?locale= in this build: English pages only, no German page');
        const pathDe = (slug) => `/api/articles/by-slug/${slug}-de?locale=de`;
        const pathEn = takesLocale ? (slug) => `/api/articles/by-slug/${slug}?locale=en` : pathA;
        const pageOf = (pathOf) => () => [{ setupRequest: (request) => Object.assign(request, { path: pathOf(slugs[randomIndex()]) }) }];
        await measure('T.one', 'GET /api/articles/by-slug/:slug, any article, one locale (en), origin cache off', pageOf(pathA), fromAutocannon, locales);
        log(`T: translating every article and teaser into de (the same rows again) ...`);
        locales.server.send({ cmd: 'translate', locale: 'de' });
        const translated = (await locales.server.next('translate')).result;
        log(
          `T: translated in ${round(translated.seconds)} s: article rows ${JSON.stringify(translated.articles)}, teaser rows ${JSON.stringify(translated.teasers)}`,
        );
        // The German page answers with the German article and its German "More from"; the English one as before.
        for (const i of [0, n - 1, randomIndex()]) {
          const problems = [];
          if (takesLocale) {
            const german = await fetch(`${locales.base}${pathDe(slugs[i])}`);
            const body = await german.json();
            if (german.status !== 200) throw new Error(`T: GET ${pathDe(slugs[i])}: ${german.status} ${JSON.stringify(body).slice(0, 300)}`);
            const page = body.data;
            if (page.slug !== `${slugs[i]}-de` || page.title !== `${data.article(i, n, Date.now()).title} (de)`) problems.push('not the German article');
            if (page.moreFrom.items.length !== 5) problems.push(`${page.moreFrom.items.length} "More from" items`);
            if (page.moreFrom.items.some((item) => !item.slug.endsWith('-de'))) problems.push('an English article in the German "More from"');
          }
          const english = (await getJson(pathEn(slugs[i]), locales.base)).data;
          if (english.slug !== slugs[i] || english.moreFrom.items.some((item) => item.slug.endsWith('-de')))
            problems.push('the English page shows German content');
          if (problems.length) throw new Error(`T: article ${i}: ${problems.join(', ')}`);
        }
        log(`T: checked: ${takesLocale ? 'German pages with 5 German "More from" items, ' : ''}English pages without German content`);
        await measure('T.en', `the same, English page${takesLocale ? ' (?locale=en)' : ''}, two locales`, pageOf(pathEn), fromAutocannon, locales);
        if (takesLocale) await measure('T.de', 'the same, German page (?locale=de), two locales', pageOf(pathDe), fromAutocannon, locales);
        results.T = {
          oneLocale: results['T.one'],
          twoLocalesEn: results['T.en'],
          twoLocalesDe: results['T.de'] || { skipped: 'the article page takes no ?locale= in this build' },
          translation: translated,
          enTwoOverOne: round(results['T.en'].perSecond / results['T.one'].perSecond, 2),
          deOverEn: results['T.de'] ? round(results['T.de'].perSecond / results['T.en'].perSecond, 2) : null,
        };
        log(
          `T: ${results['T.one'].perSecond} pages/s with one locale; with two: en ${results['T.en'].perSecond}/s (× ${results.T.enTwoOverOne}), ` +
            (results['T.de'] ? `de ${results['T.de'].perSecond}/s (× ${results.T.deOverEn} of en)` : 'de not measured'),
        );
      } finally {
        await stopServer(locales.server);
      }
    }

    const peakRssMb = round(sampler.overall());
    const output = {
      H: results.H,
      A: results.A,
      O: results.O,
      N: results.N,
      V: results.V || (wanted('V') ? { skipped: 'varnishd not installed' } : undefined),
      P: results.P,
      B: results.B,
      C: results.C,
      F: results.F,
      S: results.S,
      floor: results.floor,
      Q: results.Q,
      L: results.L,
      R: results.R,
      T: results.T,
      searchRatios: results.searchRatios,
      searchTerms: results.searchTerms,
      searchIndex,
      articles: n,
      db: options.db,
      fillSeconds: round(filled.fillSeconds),
      peakRssMb,
      sections: m,
      connections: options.connections,
      durationSeconds: options.duration,
      serverNodeFlags: serverFlags,
      peakRssMbByRun: memory,
      command: commandLine,
      machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` },
      date: new Date().toISOString(),
    };
    const file = path.join(__dirname, 'results', `${options.db}-${n}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);

    const row = (key, what, unit) => {
      const r = results[key];
      if (!r) return `| ${key} | ${what} | not run | | | | | |`;
      return `| ${key} | ${what} | ${r.perSecond} ${unit} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r.non2xx} | ${memory[key]} |`;
    };
    const ratio = results.A && results.B ? results.A.perSecond / results.B.perSecond : NaN;
    console.log(
      [
        '',
        `### ${options.db}, ${n} articles in ${m} sections`,
        '',
        `\`${commandLine}\` — ${options.connections} connections, ${options.duration} s per run after ${options.warmup} s of warm-up; ` +
          `fill ${round(filled.fillSeconds)} s; server \`node ${serverFlags.join(' ')}\`; ${os.cpus().length} CPUs, Node ${process.version}, ` +
          `load average ${os
            .loadavg()
            .map((value) => value.toFixed(1))
            .join(' ')}`,
        '',
        '| run | what | per second | p50 ms | p99 ms | errors | non-2xx | server peak RSS MB |',
        '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
        row('H', '`GET /_health`', 'req'),
        row('A', '`GET /api/articles/by-slug/:slug` (whole page), any article, origin cache on', 'pages'),
        row('O', `the same, the ${options.hot} newest articles, origin cache on`, 'pages'),
        row('N', 'the same as A, origin cache off (`ORIGIN_CACHE_MB=0`)', 'pages'),
        results.V || !wanted('V') ? row('V', `the same as O, through Varnish`, 'pages') : '| V | through Varnish | skipped: varnishd not installed | | | | | |',
        row('B', 'stock Strapi: 2 × `GET /api/articles?filters…&populate…`', 'pages'),
        row('C', '`GET /api/sections/:slug/more-from`', 'req'),
        row('F', '`GET /api/sections/:slug/feed.xml` (20 items)', 'req'),
        row('floor', "the page's database work, in-process", 'pages'),
        ...(wanted('T')
          ? [
              row('T.one', 'T: `GET /api/articles/by-slug/:slug`, one locale (en), origin cache off', 'pages'),
              row('T.en', 'T: the same after every article got a `de` translation: English page (`?locale=en` where the page takes it)', 'pages'),
              results['T.one'] && !results['T.de']
                ? '| T.de | T: German page | skipped: the article page takes no `?locale=` in this build | | | | | |'
                : row('T.de', 'T: the same, German page (`/:slug-de?locale=de`)', 'pages'),
            ]
          : []),
        '',
        `A / B = ${Number.isNaN(ratio) ? 'n/a' : round(ratio, 2)} (pages per second); F / A = ${results.A && results.F ? round(results.F.perSecond / results.A.perSecond, 2) : 'n/a'}; server peak RSS ${peakRssMb} MB. Written to ${path.relative(appDir, file)}.`,
        `Hit ratios: ${['A', 'O', 'N', 'V']
          .filter((key) => results[key])
          .map((key) => `${key} ${results[key].hitRatio} (${JSON.stringify(results[key].cache)})`)
          .join('; ')}. ` +
          `Cached page / health: ${['A', 'O', 'N', 'V']
            .filter((key) => results[key] && results.H)
            .map((key) => `${key} / H = ${round((100 * results[key].perSecond) / results.H.perSecond)} %`)
            .join(', ')} (target: ≥ 50 %).`,
        results.P
          ? `P: publish-to-fresh on ${Object.keys(results.P.byTarget).join(', ')}: p50 ${results.P.p50Ms} ms, max ${results.P.maxMs} ms over ${results.P.publishes} publishes ` +
            `(target < 1000 ms; the publish request itself p50 ${results.P.publishRequest.p50Ms} ms, max ${results.P.publishRequest.maxMs} ms; ` +
            `fresh everywhere after the publish answered: p50 ${results.P.afterAnswer.p50Ms} ms, max ${results.P.afterAnswer.maxMs} ms; per target ${JSON.stringify(results.P.byTarget)}; cached before: ${results.P.cachedBefore}).`
          : 'P: not run.',
        ...searchReport(results, searchIndex, memory, options),
        ...historyReport(results.R),
        results.T
          ? `T: with two locales the English page serves ${results.T.enTwoOverOne} × its one-locale rate, ` +
            `${results.T.deOverEn === null ? 'the German page was not measured (no ?locale= in this build)' : `the German page ${results.T.deOverEn} × the English one`}; ` +
            `translation of ${results.T.translation.articles.de || 0} article rows and ${results.T.translation.teasers.de || 0} teaser rows in ${round(results.T.translation.seconds)} s.`
          : 'T: not run.',
        results.S
          ? `S: a full sitemap page of ${results.S.urls} URLs (${results.S.megabytes} MB) in ${results.S.medianSeconds} s (median of 5, worst ${results.S.worstSeconds} s); ` +
            `server RSS ${results.S.rssBeforeMb} MB before, +${results.S.extraRssMb} MB at its peak while streaming.`
          : 'S: not run.',
        '',
      ].join('\n'),
    );
  } finally {
    for (const sampler of samplers) sampler.stop();
    if (varnish) await varnish.stop();
    await Promise.all(servers.map(stopServer));
    if (options.keep) log(`kept the database: ${database.label}`);
    else await database.drop().catch((error) => log(`could not drop ${database.label}: ${error.message}`));
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench failed: ${error && error.usage ? error.message : error && error.stack ? error.stack : error}`);
    process.exit(1);
  },
);
