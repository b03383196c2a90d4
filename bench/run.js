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
 * and print a Markdown table, also written as JSON to bench/results/<db>-<N>.json.
 *
 * PostgreSQL: BENCH_POSTGRES_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres) must be allowed
 * to create databases.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');
const { isDeepStrictEqual } = require('util');
const data = require('./data');
const { compileApp } = require('../scripts/lib/compile-lock');
const { child, freePort, freshDatabase, percentile, round, rssSampler, serverEnv } = require('./lib');

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
      console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(2, 30).join('\n'));
      process.exit(0);
    } else throw usageError(`Unknown option ${arg}`);
  }
  if (!['sqlite', 'postgres'].includes(options.db)) throw usageError(`--db must be sqlite or postgres (got "${options.db}")`);
  if (options.articles < options.sections * 10) throw usageError('--articles must be at least 10 × --sections');
  return options;
}

const log = (message) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One compile at a time on this checkout (the lock the Jest global setup takes too). */
const compile = () => compileApp(appDir);

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
  let server = null;
  let sampler = null;
  try {
    const port = await freePort();
    const env = {
      ...serverEnv(port, database.env),
      SEED_ON_EMPTY: 'false',
      BENCH_ARTICLES: String(n),
      BENCH_SECTIONS: String(m),
    };

    // 1. Fill.
    log(`filling ${database.label} ...`);
    const filler = child('fill', env);
    const filled = await filler.next('filled');
    await new Promise((resolve) => (filler.exited() ? resolve() : filler.proc.on('exit', resolve)));
    log(
      `filled in ${round(filled.fillSeconds)} s (after a ${round(filled.bootSeconds)} s boot): ${filled.counts.articles} published articles, ` +
        `${filled.counts.teasers} published teasers`,
    );
    if (options.fillOnly) return;

    // 2. The production server.
    const serverStarted = performance.now();
    const profileDir = path.join(appDir, '.tmp', 'bench', 'profiles');
    const serverFlags = [
      ...(options.serverHeap ? [`--max-old-space-size=${options.serverHeap}`] : []),
      ...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ];
    server = child('serve', env, serverFlags);
    await server.next('ready');
    log(`server up in ${round((performance.now() - serverStarted) / 1000)} s (pid ${server.proc.pid}, port ${port})`);
    sampler = rssSampler(server.proc.pid);
    const base = `http://127.0.0.1:${port}`;

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
    const getJson = async (url) => {
      const response = await fetch(`${base}${url}`);
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

    // 4. Measurements.
    const cannon = (requests, seconds) => autocannon({ url: base, connections: options.connections, duration: seconds, timeout: 30, requests });
    const results = {};
    const memory = {};

    const wanted = (key) => !options.only || options.only.includes(key);
    const measure = async (key, label, makeRequests, summarize) => {
      if (!wanted(key)) return;
      log(`${key}: warm-up ${options.warmup} s ...`);
      await cannon(makeRequests(null), options.warmup);
      sampler.mark();
      log(`${key}: ${label}, ${options.duration} s ...`);
      const state = { pages: 0, latencies: [], failed: 0 };
      const result = await cannon(makeRequests(state), options.duration);
      memory[key] = round(sampler.mark());
      results[key] = summarize(result, state);
      server.send({ cmd: 'memory' });
      const heap = (await server.next('memory')).mb;
      log(
        `${key}: ${round(results[key].perSecond)}/s, p50 ${results[key].p50Ms} ms, p99 ${results[key].p99Ms} ms; ` +
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

    await measure(
      'A',
      'GET /api/articles/by-slug/:slug',
      () => [{ setupRequest: (request) => Object.assign(request, { path: pathA(slugs[randomIndex()]) }) }],
      fromAutocannon,
    );

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

    const peakRssMb = round(sampler.overall());
    const output = {
      A: results.A,
      B: results.B,
      C: results.C,
      F: results.F,
      S: results.S,
      floor: results.floor,
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
        row('A', '`GET /api/articles/by-slug/:slug` (whole page)', 'pages'),
        row('B', 'stock Strapi: 2 × `GET /api/articles?filters…&populate…`', 'pages'),
        row('C', '`GET /api/sections/:slug/more-from`', 'req'),
        row('F', '`GET /api/sections/:slug/feed.xml` (20 items)', 'req'),
        row('floor', "the page's database work, in-process", 'pages'),
        '',
        `A / B = ${round(ratio, 2)} (pages per second); F / A = ${results.A && results.F ? round(results.F.perSecond / results.A.perSecond, 2) : 'n/a'}; server peak RSS ${peakRssMb} MB. Written to ${path.relative(appDir, file)}.`,
        results.S
          ? `S: a full sitemap page of ${results.S.urls} URLs (${results.S.megabytes} MB) in ${results.S.medianSeconds} s (median of 5, worst ${results.S.worstSeconds} s); ` +
            `server RSS ${results.S.rssBeforeMb} MB before, +${results.S.extraRssMb} MB at its peak while streaming.`
          : 'S: not run.',
        '',
      ].join('\n'),
    );
  } finally {
    if (sampler) sampler.stop();
    if (server && !server.exited()) {
      server.send({ cmd: 'stop' });
      const stopped = await Promise.race([new Promise((resolve) => server.proc.on('exit', () => resolve(true))), sleep(15000).then(() => false)]);
      if (!stopped) server.proc.kill('SIGKILL');
    }
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
