#!/usr/bin/env node
/**
 * `npm run fuzz [-- options]`: the grammar-based fuzzer (tests/fuzz) against two production servers.
 *
 *   --db sqlite|postgres    database of both worlds (default sqlite; PostgreSQL at TEST_POSTGRES_ADMIN_URL)
 *   --runs N                cases (default 300)
 *   --seed S                fast-check seed (default random; printed with every run)
 *   --path P                replay the shrunk case a failure printed (with its --seed and --runs)
 *   --all                   do not stop at the first failure class: find each one, shrunk
 *   --shrink-seconds S      time allowed to shrink one failure (default 120)
 *   --log                   every case with its status in .tmp/fuzz/cases-<db>.log
 *   --request 'GET /api/…'  check this one request (or 'POST /graphql {json}') instead of generated ones
 *   --json, --outputFile=F  passed to Jest (scripts/test-all.js counts the result)
 */
'use strict';
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');

function parseArgs(argv) {
  const env = {};
  const jest = [];
  const takes = { '--db': 'FUZZ_DB', '--runs': 'FUZZ_RUNS', '--seed': 'FUZZ_SEED', '--path': 'FUZZ_PATH', '--shrink-seconds': 'FUZZ_SHRINK_SECONDS' };
  for (let k = 0; k < argv.length; k += 1) {
    const arg = argv[k];
    if (arg in takes) {
      const value = argv[k + 1];
      k += 1;
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value`);
      if (['--runs', '--seed', '--shrink-seconds'].includes(arg) && !/^\d+$/.test(value)) throw new Error(`${arg} needs a whole number (got "${value}")`);
      env[takes[arg]] = value;
    } else if (arg === '--all') env.FUZZ_ALL = '1';
    else if (arg === '--log') env.FUZZ_LOG = '1';
    else if (arg === '--request') {
      env.FUZZ_REQUEST = argv[k + 1];
      k += 1;
    } else if (arg === '--json' || arg.startsWith('--outputFile=')) jest.push(arg);
    else if (arg === '--help' || arg === '-h') {
      console.log(require('fs').readFileSync(__filename, 'utf8').split('\n').slice(2, 15).join('\n'));
      process.exit(0);
    } else throw new Error(`Unknown option ${arg} (see npm run fuzz -- --help)`);
  }
  env.FUZZ_DB = env.FUZZ_DB || 'sqlite';
  if (!['sqlite', 'postgres'].includes(env.FUZZ_DB)) throw new Error(`--db must be sqlite or postgres (got "${env.FUZZ_DB}")`);
  return { env: { ...env, DATABASE_CLIENT: env.FUZZ_DB }, jest };
}

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
const jestBin = require.resolve('jest/bin/jest');
const result = spawnSync(process.execPath, [jestBin, '--config', path.join(root, 'tests', 'fuzz', 'jest.config.js'), '--runInBand', ...options.jest], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ...options.env },
});
process.exit(result.status ?? 1);
