#!/usr/bin/env node
/**
 * `npm run search:reindex`: rebuilds the search index from every published article, in one transaction
 * (readers search the old index until it commits). For an index that `npm run doctor` reports out of step
 * when a restart is not wanted, or after rows were written around the app. Safe while the servers run.
 * Prints the number of articles indexed, the time taken and the index's size; exits 1 with one line on failure.
 */
'use strict';
const { describeDatabase, loadApp, loadEnv, report, requireBuilt, setupProblems } = require('./lib/runtime');

const size = (bytes) => (bytes === null ? 'size unknown' : bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`);

async function main() {
  if (process.argv.length > 2) throw new Error(`unexpected argument "${process.argv[2]}" (usage: npm run search:reindex)`);
  loadEnv();
  const { problems, database } = await setupProblems();
  if (problems.length > 0) throw new Error(`cannot rebuild: ${problems.join('; ')}`);
  const { rebuildSearchIndex, searchIndexBytes } = requireBuilt('src/search/engine.js');
  const app = await loadApp();
  try {
    const started = Date.now();
    const { documents } = await rebuildSearchIndex(app);
    const ms = Date.now() - started;
    const bytes = await searchIndexBytes(app);
    report('info', [
      `Search index of ${describeDatabase(database)} rebuilt: ${documents} published article${documents === 1 ? '' : 's'} in ${(ms / 1000).toFixed(1)} s; ${size(bytes)}`,
    ]);
  } finally {
    await app.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    report('error', [`Search reindex failed: ${error && error.message ? error.message : error}`]);
    process.exit(1);
  },
);
