#!/usr/bin/env node
'use strict';
/**
 * `npm run load [-- options]`: the production server under sustained load, as when news breaks.
 *
 *   --db sqlite|postgres   (default sqlite)
 *   --articles N           published articles added on top of the demo seed (default 3000)
 *   --connections C        concurrent HTTP connections (default 50)
 *   --duration S           seconds of each measured run (default 60)
 *   --warmup S             seconds of load before each measured run, not counted (default 10)
 *   --window S             the first and the last S seconds compared for memory growth (default 10)
 *   --max-growth P         allowed growth of the server's resident memory, in % (default 20)
 *   --server-heap MB       the server's --max-old-space-size (default 256, as recommended in docs/operations.md;
 *                          0 = Node's default)
 *   --no-build             use dist/ as it is instead of compiling first
 *   --keep                 keep the database afterwards
 *
 * Steps: compile the app (TypeScript → dist/; the API needs no admin build); fill a fresh database with the demo
 * seed plus N articles (bench/server.js fill); start the production server exactly as `npm start` does
 * (scripts/start.js: preflight, NODE_ENV=production, graceful shutdown) in a child process; check that the
 * reference article and its "More from World" list come back; then, for each endpoint, autocannon with C
 * connections for S seconds:
 *   article    GET /api/articles/by-slug/:slug          (a random published article)
 *   more-from  GET /api/sections/:slug/more-from?exclude=…  (a random section)
 * The server's resident memory (VmRSS) is sampled every 250 ms. The run FAILS (exit 1) on any connection
 * error or timeout, any non-2xx answer, or growth of the mean resident memory from the first to the last
 * --window seconds of a run beyond --max-growth. Finally the server gets SIGTERM and must exit 0.
 * Results: a Markdown table on stdout and bench/results/load-<db>.json.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { compileApp } = require('../scripts/lib/compile-lock');
const { appDir, child, freePort, freshDatabase, round, serverEnv } = require('./lib');
const data = require('./data');

const usageError = (message) => Object.assign(new Error(`${message} (see npm run load -- --help)`), { usage: true });

function parseArgs(argv) {
  const options = {
    db: 'sqlite',
    articles: 3000,
    connections: 50,
    duration: 60,
    warmup: 10,
    window: 10,
    maxGrowth: 20,
    serverHeap: 256,
    build: true,
    keep: false,
  };
  const numeric = {
    '--articles': 'articles',
    '--connections': 'connections',
    '--duration': 'duration',
    '--warmup': 'warmup',
    '--window': 'window',
    '--max-growth': 'maxGrowth',
    '--server-heap': 'serverHeap',
  };
  for (let k = 0; k < argv.length; k += 1) {
    const arg = argv[k];
    if (arg in numeric) {
      const raw = argv[k + 1];
      k += 1;
      const value = Number(raw);
      const zeroAllowed = arg === '--server-heap' || arg === '--warmup' || arg === '--max-growth';
      if (raw === undefined || !Number.isInteger(value) || value < (zeroAllowed ? 0 : 1))
        throw usageError(`${arg} needs a whole number${zeroAllowed ? '' : ' above 0'} (got "${raw}")`);
      options[numeric[arg]] = value;
    } else if (arg === '--db') {
      options.db = argv[k + 1];
      k += 1;
    } else if (arg === '--no-build') options.build = false;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(2, 29).join('\n'));
      process.exit(0);
    } else throw usageError(`Unknown option ${arg}`);
  }
  if (!['sqlite', 'postgres'].includes(options.db)) throw usageError(`--db must be sqlite or postgres (got "${options.db}")`);
  if (options.window * 2 > options.duration) throw usageError('--duration must be at least twice --window');
  return options;
}

const log = (message) => console.error(`[load ${new Date().toISOString().slice(11, 19)}] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function readRssMb(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Resident memory samples with their time, every 250 ms, for one run. */
function memoryTrace(pid) {
  const samples = [];
  const started = Date.now();
  const timer = setInterval(() => {
    const mb = readRssMb(pid);
    if (mb !== null) samples.push({ t: (Date.now() - started) / 1000, mb });
  }, 250);
  return {
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}

const mean = (values) => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : NaN);

/** Mean RSS of the first and of the last `window` seconds of a run, and the growth between them in %. */
function memoryGrowth(samples, duration, window) {
  const first = mean(samples.filter((s) => s.t <= window).map((s) => s.mb));
  const last = mean(samples.filter((s) => s.t >= duration - window).map((s) => s.mb));
  return { firstMb: round(first), lastMb: round(last), growthPct: round(((last - first) / first) * 100), peakMb: round(Math.max(...samples.map((s) => s.mb))) };
}

/** The production server as `npm start` runs it, in a child process; resolves once /_ready answers 200. */
async function startServer(env, heapMb, logFile) {
  const args = [...(heapMb ? [`--max-old-space-size=${heapMb}`] : []), path.join(appDir, 'scripts', 'start.js')];
  const proc = spawn(process.execPath, args, { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = fs.createWriteStream(logFile);
  proc.stdout.pipe(out);
  proc.stderr.pipe(out);
  let exit = null;
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve((exit = { code, signal }))));
  const url = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + 120000;
  for (;;) {
    if (exit) throw new Error(`the server exited during start-up (${exit.signal || exit.code}); see ${path.relative(appDir, logFile)}`);
    try {
      if ((await fetch(`${url}/_ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server was not ready after 120 s; see ${path.relative(appDir, logFile)}`);
    await sleep(250);
  }
  return { proc, url, exited, running: () => !exit };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const autocannon = require('autocannon');
  const commandLine = `npm run load -- ${process.argv.slice(2).join(' ')}`.trim();
  log(`${commandLine}: seed + ${options.articles} articles on ${options.db}, ${options.connections} connections, ${options.duration} s per endpoint`);
  const workDir = path.join(appDir, '.tmp', 'bench');
  fs.mkdirSync(workDir, { recursive: true });

  if (options.build) {
    log('compiling to dist/ ...');
    await compileApp(appDir);
  }
  const database = await freshDatabase(options.db, options.articles);
  let server = null;
  try {
    const port = await freePort();
    const sections = 6; // the seed's six sections; the filled articles go into them too
    const env = {
      ...serverEnv(port, database.env),
      BENCH_ARTICLES: String(options.articles),
      BENCH_SECTIONS: String(sections),
    };

    log(`filling ${database.label}: the demo seed, then ${options.articles} articles ...`);
    const filler = child('fill', { ...env, SEED_ON_EMPTY: 'true' });
    const filled = await filler.next('filled');
    await new Promise((resolve) => (filler.exited() ? resolve() : filler.proc.on('exit', resolve)));
    log(`filled in ${round(filled.fillSeconds)} s: ${filled.counts.articles} published articles, ${filled.counts.teasers} published teasers`);

    server = await startServer({ ...env, SEED_ON_EMPTY: 'false' }, options.serverHeap, path.join(workDir, 'load-server.log'));
    log(`production server ready (pid ${server.proc.pid}, ${server.url})`);

    // The reference page comes back whole before anything is measured.
    const seedArticles = JSON.parse(fs.readFileSync(path.join(appDir, 'database', 'seed', 'articles.json'), 'utf8'));
    const seedSlugs = seedArticles.map((article) => article.slug).filter(Boolean);
    const reference = await (await fetch(`${server.url}/api/articles/by-slug/${seedSlugs[0]}`)).json();
    if (!reference.data || !reference.data.moreFrom || !reference.data.moreFrom.items.length) {
      throw new Error(`the first seeded article did not come back whole: ${JSON.stringify(reference).slice(0, 300)}`);
    }
    log(`checked: "${reference.data.title}" with "${reference.data.moreFrom.title}" (${reference.data.moreFrom.items.length} items)`);

    const slugs = [...seedSlugs, ...Array.from({ length: options.articles }, (_, i) => data.articleSlug(i))];
    const sectionSlugs = Array.from({ length: sections }, (_, j) => data.section(j).slug);
    const pick = (list) => list[Math.floor(Math.random() * list.length)];
    const endpoints = [
      { key: 'article', label: 'GET /api/articles/by-slug/:slug', path: () => `/api/articles/by-slug/${pick(slugs)}` },
      { key: 'more-from', label: 'GET /api/sections/:slug/more-from', path: () => `/api/sections/${pick(sectionSlugs)}/more-from?exclude=${pick(slugs)}` },
    ];

    const cannon = (endpoint, seconds) =>
      autocannon({
        url: server.url,
        connections: options.connections,
        duration: seconds,
        timeout: 10,
        requests: [{ setupRequest: (request) => Object.assign(request, { path: endpoint.path() }) }],
      });

    const results = [];
    for (const endpoint of endpoints) {
      if (options.warmup) {
        log(`${endpoint.key}: warm-up ${options.warmup} s ...`);
        await cannon(endpoint, options.warmup);
      }
      log(`${endpoint.key}: ${endpoint.label}, ${options.connections} connections, ${options.duration} s ...`);
      const trace = memoryTrace(server.proc.pid);
      const result = await cannon(endpoint, options.duration);
      const memory = memoryGrowth(trace.stop(), options.duration, options.window);
      const row = {
        endpoint: endpoint.key,
        path: endpoint.label,
        requests: result.requests.total,
        perSecond: round(result.requests.total / result.duration),
        latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
        memory,
      };
      results.push(row);
      log(
        `${endpoint.key}: ${row.perSecond} req/s, p50 ${row.latencyMs.p50} ms, p99 ${row.latencyMs.p99} ms, ${row.errors} errors, ` +
          `${row.non2xx} non-2xx; RSS ${memory.firstMb} → ${memory.lastMb} MB (${memory.growthPct} %)`,
      );
      if (!server.running()) throw new Error('the server died under load');
    }

    // Graceful stop, as an orchestrator would do it.
    server.proc.kill('SIGTERM');
    const stopped = await Promise.race([server.exited, sleep(20000).then(() => null)]);
    const shutdown = stopped ? (stopped.signal ? `killed by ${stopped.signal}` : `exit ${stopped.code}`) : 'still running after 20 s';

    const failures = [];
    for (const row of results) {
      if (row.errors) failures.push(`${row.endpoint}: ${row.errors} connection errors`);
      if (row.timeouts) failures.push(`${row.endpoint}: ${row.timeouts} timeouts`);
      if (row.non2xx) failures.push(`${row.endpoint}: ${row.non2xx} non-2xx answers`);
      if (!(row.memory.growthPct <= options.maxGrowth)) {
        failures.push(`${row.endpoint}: resident memory grew ${row.memory.growthPct} % (limit ${options.maxGrowth} %)`);
      }
    }
    if (shutdown !== 'exit 0') failures.push(`SIGTERM: ${shutdown}`);

    const output = {
      command: commandLine,
      db: options.db,
      articles: filled.counts.articles,
      connections: options.connections,
      durationSeconds: options.duration,
      warmupSeconds: options.warmup,
      serverHeapMb: options.serverHeap || null,
      results,
      shutdown,
      passed: failures.length === 0,
      failures,
      machine: { cpus: os.cpus().length, node: process.version },
      date: new Date().toISOString(),
    };
    const file = path.join(__dirname, 'results', `load-${options.db}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);

    console.log(
      [
        '',
        `### load, ${options.db}: ${filled.counts.articles} published articles (seed + ${options.articles})`,
        '',
        `\`${commandLine}\`: ${options.connections} connections, ${options.duration} s per endpoint after ${options.warmup} s of warm-up; ` +
          `server \`node ${options.serverHeap ? `--max-old-space-size=${options.serverHeap} ` : ''}scripts/start.js\`; ${os.cpus().length} CPUs, Node ${process.version}`,
        '',
        `| endpoint | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | timeouts | non-2xx | RSS first → last ${options.window} s MB | growth | peak RSS MB |`,
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...results.map(
          (r) =>
            `| \`${r.path}\` | ${r.requests} | ${r.perSecond} | ${r.latencyMs.p50} | ${r.latencyMs.p90} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ` +
            `${r.errors} | ${r.timeouts} | ${r.non2xx} | ${r.memory.firstMb} → ${r.memory.lastMb} | ${r.memory.growthPct} % | ${r.memory.peakMb} |`,
        ),
        '',
        `SIGTERM: ${shutdown}. Written to ${path.relative(appDir, file)}.`,
        failures.length
          ? `\nFAILED:\n${failures.map((failure) => `  - ${failure}`).join('\n')}`
          : '\nPASSED: no errors, no non-2xx, memory growth within the limit.',
        '',
      ].join('\n'),
    );
    return failures.length === 0;
  } finally {
    if (server && server.running()) {
      server.proc.kill('SIGKILL');
    }
    if (options.keep) log(`kept the database: ${database.label}`);
    else await database.drop().catch((error) => log(`could not drop ${database.label}: ${error.message}`));
  }
}

main().then(
  (passed) => process.exit(passed ? 0 : 1),
  (error) => {
    console.error(`load failed: ${error && error.usage ? error.message : error && error.stack ? error.stack : error}`);
    process.exit(1);
  },
);
