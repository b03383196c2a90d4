/**
 * `npm run fuzz`: grammar-generated reader requests (tests/fuzz/grammar.ts) against two live production
 * servers whose databases differ only in hidden content (tests/fuzz/world.ts), each case checked by
 * tests/fuzz/checks.ts. Settings come from scripts/fuzz.js through the environment:
 *   FUZZ_DB (sqlite|postgres), FUZZ_RUNS, FUZZ_SEED, FUZZ_PATH (replay one shrunk case),
 *   FUZZ_ALL=1 (go on after a failure: find every failure class, each shrunk), FUZZ_SHRINK_SECONDS.
 * A summary (cases per surface and outcome) goes to stdout and .tmp/fuzz/summary-<db>.json.
 */
import fs from 'fs';
import path from 'path';
import fc from 'fast-check';
import { caseArb, SURFACES, type FuzzCase, type Surface } from './grammar';
import { checkCase, healthy, type Outcome, type Problem } from './checks';
import { createFuzzWorld, type DatabaseClient, type FuzzWorld } from './world';
import { appDir } from '../harness/constants';

const db = (process.env.FUZZ_DB ?? process.env.DATABASE_CLIENT ?? 'sqlite') as DatabaseClient;
const runs = Number(process.env.FUZZ_RUNS ?? 300);
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const replayPath = process.env.FUZZ_PATH || undefined;
const findAll = process.env.FUZZ_ALL === '1';
const shrinkBudgetMs = Number(process.env.FUZZ_SHRINK_SECONDS ?? 120) * 1000;
/** In FUZZ_ALL mode: stop looking for more classes after this long. */
const surveyBudgetMs = Number(process.env.FUZZ_SURVEY_SECONDS ?? 1200) * 1000;
/** FUZZ_LOG=1: every case with A's status and the start of its answer, in .tmp/fuzz/cases-<db>.log. */
const logCases = process.env.FUZZ_LOG === '1';
const outDir = path.join(appDir, '.tmp', 'fuzz');
/** FUZZ_REQUEST="GET /api/…" or "POST /graphql {…}": check this one request instead of generated ones. */
const oneRequest = process.env.FUZZ_REQUEST;

function requestCase(text: string): FuzzCase {
  const match = /^(GET|POST) (\S+)(?: (.*))?$/s.exec(text.trim());
  if (!match) throw new Error(`FUZZ_REQUEST must read "GET /path?query" or "POST /graphql {json}" (got ${text})`);
  const [, method, requestPath, body] = match;
  const feeds = method === 'GET' && /^\/api\/(feed\.|sitemap|sections\/[^/?]+\/feed\.)/.test(requestPath);
  const surface = requestPath.startsWith('/newsroom-history/')
    ? 'Admin history'
    : feeds
      ? 'REST feeds'
      : (SURFACES.find((s) => (method === 'POST' ? s === 'GraphQL' : requestPath.startsWith(`/api/${s.split(' ')[1]}`))) ??
        (requestPath.includes('by-slug') ? 'REST by-slug' : 'REST articles'));
  return { surface, method: method as 'GET' | 'POST', path: requestPath, ...(body ? { body } : {}) };
}

let world: FuzzWorld;

beforeAll(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  if (logCases) fs.rmSync(path.join(outDir, `cases-${db}.log`), { force: true });
  world = await createFuzzWorld(db);
}, 300_000);

afterAll(async () => {
  await world?.stop();
});

/** What a failure is, for grouping: the kind of problem on one surface. */
const classOf = (fuzzCase: FuzzCase, problem: Problem) =>
  `${problem.kind}${problem.kind === 'status' ? ` ${problem.detail.slice(0, 3)}` : ''} on ${fuzzCase.surface}`;

type Bucket = '2xx' | '3xx' | '4xx' | '5xx' | 'no answer';
const bucketOf = (status: number | null): Bucket => (status === null ? 'no answer' : (`${Math.floor(status / 100)}xx` as Bucket));

interface Found {
  classes: string[];
  fuzzCase: FuzzCase;
  problems: Problem[];
  path: string;
  shrinks: number;
  serverLog: string;
}

describe(`fuzzer on ${db}`, () => {
  test(`${runs} cases, seed ${seed}: no 5xx, no hang, no leak, no side channel`, async () => {
    const emptyCounts = () => new Map<Surface, Record<Bucket, number>>(SURFACES.map((s) => [s, { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, 'no answer': 0 }]));
    /** Statuses of the last pass, up to its first failure (all of it when it passed). */
    let counts = emptyCounts();
    let caseCount = 0;
    const started = Date.now();
    const known = new Set<string>();
    const found: Found[] = [];
    /** Servers that may be stuck after the last case: checked (and restarted) before the next one. */
    const suspect = new Set<'A' | 'B'>();

    const ensureResponsive = async () => {
      for (const name of [...suspect]) {
        const server = world.servers[name];
        if (!(await healthy(server.url()))) await server.restart();
        suspect.delete(name);
      }
    };

    /** Each pass over the seed (more than one with FUZZ_ALL): cases until its first failure, and its time. */
    const passes: Array<{ cases: number; seconds: number; failed: boolean }> = [];
    const survey = async () => {
      const pass = { cases: 0, seconds: 0, failed: false, started: Date.now() };
      counts = emptyCounts();
      caseCount = 0;
      let shrinkDeadline: number | null = null;
      let last: { fuzzCase: FuzzCase; outcome: Outcome; fresh: string[]; serverLog: string } | null = null;
      const cases = oneRequest ? fc.constant(requestCase(oneRequest)) : caseArb(world.values);
      const property = fc.asyncProperty(cases, async (fuzzCase) => {
        // Shrinking past its budget: accept every further candidate, so the last failing one is reported.
        if (shrinkDeadline !== null && Date.now() > shrinkDeadline) return true;
        await ensureResponsive();
        const outcome = await checkCase(world, fuzzCase);
        for (const problem of outcome.problems) {
          if (['slow', 'health', 'no answer'].includes(problem.kind)) for (const name of problem.server.split('/') as Array<'A' | 'B'>) suspect.add(name);
        }
        if (logCases) {
          const answer = outcome.answers.A;
          fs.appendFileSync(
            path.join(outDir, `cases-${db}.log`),
            `${answer.status ?? answer.failure} ${answer.ms}ms ${fuzzCase.method} ${fuzzCase.path} ${fuzzCase.body ?? ''}\n  => ${answer.text.slice(0, 300)}\n`,
          );
        }
        if (shrinkDeadline === null) {
          pass.cases += 1;
          caseCount += 1;
          counts.get(fuzzCase.surface)![bucketOf(outcome.answers.A.status)] += 1;
        }
        const fresh = [...new Set(outcome.problems.map((problem) => classOf(fuzzCase, problem)).filter((c) => !known.has(c)))];
        if (fresh.length === 0) return true;
        shrinkDeadline ??= Date.now() + shrinkBudgetMs;
        last = { fuzzCase, outcome, fresh, serverLog: outcome.problems.some((p) => p.kind === 'status') ? world.servers.A.tail() : '' };
        return false;
      });
      const details = await fc.check(property, { seed, numRuns: oneRequest ? 1 : runs, ...(replayPath ? { path: replayPath } : {}), endOnFailure: false });
      passes.push({ cases: pass.cases, seconds: Math.round((Date.now() - pass.started) / 100) / 10, failed: details.failed });
      if (!details.failed || !last) return false;
      const failure = last as { fuzzCase: FuzzCase; outcome: Outcome; fresh: string[]; serverLog: string };
      found.push({
        classes: failure.fresh,
        fuzzCase: failure.fuzzCase,
        problems: failure.outcome.problems,
        path: String(details.counterexamplePath),
        shrinks: details.numShrinks,
        serverLog: failure.serverLog,
      });
      for (const c of failure.fresh) known.add(c);
      return true;
    };

    while ((await survey()) && findAll && !replayPath && Date.now() - started < surveyBudgetMs) {
      // FUZZ_ALL: run again from the same seed, with the classes found so far no longer failing.
    }

    const seconds = Math.round((Date.now() - started) / 100) / 10;
    const summary = {
      db,
      seed,
      runs,
      cases: caseCount,
      seconds,
      passes,
      perSurface: Object.fromEntries(counts),
      failures: found.map((f) => ({ classes: f.classes, case: f.fuzzCase, path: f.path, shrinks: f.shrinks, problems: f.problems })),
    };
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, `summary-${db}.json`), `${JSON.stringify(summary, null, 2)}\n`);
    process.stdout.write(`\n${report(summary, counts, found)}\n`);

    if (found.length) throw new Error(failureMessage(found));
  });
});

function report(
  summary: { db: string; seed: number; runs: number; cases: number; seconds: number },
  counts: Map<Surface, Record<Bucket, number>>,
  found: Found[],
): string {
  const buckets: Bucket[] = ['2xx', '3xx', '4xx', '5xx', 'no answer'];
  const rows = [...counts].map(([surface, c]) => `| ${surface} | ${buckets.map((b) => c[b]).join(' | ')} | ${buckets.reduce((sum, b) => sum + c[b], 0)} |`);
  return [
    `Fuzzer on ${summary.db}: ${summary.cases} cases in the last pass (of ${summary.runs} asked, seed ${summary.seed}), ${summary.seconds} s in all; statuses as world A answered${found.length ? ', counted up to the first failure of the pass' : ''}`,
    `| surface | ${buckets.join(' | ')} | total |`,
    `| --- | ${buckets.map(() => '---:').join(' | ')} | ---: |`,
    ...rows,
    found.length ? `${found.length} failure class${found.length === 1 ? '' : 'es'}: ${found.flatMap((f) => f.classes).join('; ')}` : 'No failure.',
  ].join('\n');
}

function failureMessage(found: Found[]): string {
  return found
    .map((f, i) => {
      const request = f.fuzzCase.method === 'GET' ? `GET ${f.fuzzCase.path}` : `POST ${f.fuzzCase.path} ${f.fuzzCase.body}`;
      return [
        `Failure ${i + 1}: ${f.classes.join('; ')} (shrunk ${f.shrinks} times)`,
        `  request: ${request}`,
        ...f.problems.map((p) => `  ${p.kind} [${p.server}]: ${p.detail}`),
        `  reproduce: npm run fuzz -- --db ${db} --seed ${seed} --runs ${runs} --path ${f.path}${findAll ? '   (found with --all: earlier classes were not counted as failures)' : ''}`,
        ...(f.serverLog ? ['  server log (A, last lines):', ...f.serverLog.split('\n').map((line) => `    ${line.slice(0, 400)}`)] : []),
      ].join('\n');
    })
    .join('\n\n');
}
