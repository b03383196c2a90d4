#!/usr/bin/env node
/**
 * `npm run test:all`: everything CI checks, in order — type check, lint, the whole Jest suite on SQLite,
 * the integration suites on PostgreSQL, the browser test (`npm run test:e2e`), the fuzzer (`npm run fuzz`)
 * on SQLite and on PostgreSQL with a fixed seed and count — then one closing line `N passed, N failed`.
 * FUZZ_CI_RUNS / FUZZ_CI_SEED change the fuzzer's count and seed; TEST_ALL_FUZZ=false leaves it out.
 * The browser test runs when Chromium is installed (CHROMIUM_PATH, default /usr/bin/chromium) and is
 * skipped, saying so, when it is not; TEST_ALL_E2E=false leaves it out, TEST_ALL_E2E=required makes a
 * missing Chromium a failure (CI).
 * Extra stages can be added with TEST_ALL_EXTRA (comma-separated npm script names).
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, '.tmp', 'test-results');
fs.mkdirSync(out, { recursive: true });

const run = (command, args, env = {}) => spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const e2eMode = (process.env.TEST_ALL_E2E || 'auto').toLowerCase();
const e2eSkipped =
  e2eMode === 'false' || e2eMode === '0'
    ? 'TEST_ALL_E2E=false'
    : !fs.existsSync(chromium) && e2eMode !== 'required'
      ? `Chromium not found at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`
      : null;

// The fuzzer's CI setting: about 3 minutes per database on two cores (README, "Fuzzing").
const FUZZ_RUNS = process.env.FUZZ_CI_RUNS || '3000';
const FUZZ_SEED = process.env.FUZZ_CI_SEED || '20261126';

const stages = [
  { name: 'typecheck', run: () => run('npm', ['run', '-s', 'typecheck']) },
  { name: 'lint', run: () => run('npm', ['run', '-s', 'lint']) },
  { name: 'sqlite', json: 'sqlite.json', run: (file) => run('npx', ['jest', '--runInBand', '--json', `--outputFile=${file}`]) },
  {
    name: 'postgres',
    json: 'postgres.json',
    run: (file) => run('node', [path.join(__dirname, 'test-postgres.js'), '--json', `--outputFile=${file}`]),
  },
  ...(e2eSkipped ? [] : [{ name: 'e2e', json: 'e2e.json', run: (file) => run('npm', ['run', '-s', 'test:e2e', '--', '--json', `--outputFile=${file}`]) }]),
  ...(['false', '0'].includes((process.env.TEST_ALL_FUZZ || '').toLowerCase()) ? [] : ['sqlite', 'postgres']).map((db) => ({
    name: `fuzz-${db}`,
    json: `fuzz-${db}.json`,
    run: (file) => run('node', [path.join(__dirname, 'fuzz.js'), '--db', db, '--seed', FUZZ_SEED, '--runs', FUZZ_RUNS, '--json', `--outputFile=${file}`]),
  })),
  ...(process.env.TEST_ALL_EXTRA || '')
    .split(',')
    .filter((script) => script && script !== 'test:e2e')
    .map((script) => ({ name: script, run: () => run('npm', ['run', '-s', script]) })),
];

let passed = 0;
let failed = 0;
const failures = [];
for (const stage of stages) {
  const file = stage.json ? path.join(out, stage.json) : null;
  if (file) fs.rmSync(file, { force: true });
  console.log(`\n=== ${stage.name} ===`);
  const status = stage.run(file);
  if (file && fs.existsSync(file)) {
    const result = JSON.parse(fs.readFileSync(file, 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests;
    if (result.numRuntimeErrorTestSuites) failed += result.numRuntimeErrorTestSuites;
    console.log(`${stage.name}: ${result.numPassedTests} passed, ${result.numFailedTests} failed`);
  } else if (status !== 0) {
    failed += 1; // a failed stage without a test report (type check, lint, a crashed run) counts as one failure
  }
  if (status !== 0) failures.push(stage.name);
}

if (e2eSkipped) console.log(`\nBrowser test (e2e) skipped: ${e2eSkipped}`);
if (failures.length) console.log(`\nFailed stages: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
