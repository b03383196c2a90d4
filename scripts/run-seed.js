#!/usr/bin/env node
/**
 * `npm run seed`: loads database/seed/*.json into the configured database (DATABASE_CLIENT, ...).
 * What exists already is left alone, so running it twice changes nothing the second time.
 */
'use strict';
const path = require('path');
const { compileApp } = require('./lib/compile-lock');

async function main() {
  const appDir = path.resolve(__dirname, '..');
  process.env.SEED_ON_EMPTY = 'false'; // this script seeds explicitly and reports what it did
  process.env.CRON_ENABLED = 'false';
  process.env.DATABASE_STATEMENT_TIMEOUT_MS = '0'; // a script, not a reader: no per-statement deadline
  const { createStrapi } = require('@strapi/strapi');
  // Under the compile lock: a test run or a benchmark on this checkout may be reading dist/ right now.
  const { distDir } = await compileApp(appDir);
  const strapi = await createStrapi({ appDir, distDir }).load();
  try {
    const { loadSeed, readSeed, seedDir } = require(path.join(distDir, 'src', 'seed', 'seed.js'));
    const report = await loadSeed(strapi, readSeed(seedDir(strapi)));
    const { created, skipped } = report;
    console.log(
      `Seed: created ${created.sections} sections, ${created.articles} articles, ${created.teasers} teasers; ` +
        `already there: ${skipped.sections} sections, ${skipped.articles} articles, ${skipped.teasers} teasers.`,
    );
    for (const [locale, counts] of Object.entries(report.translations)) {
      console.log(
        `Seed (${locale}): created ${counts.created.sections} sections, ${counts.created.articles} articles; ` +
          `already there: ${counts.skipped.sections} sections, ${counts.skipped.articles} articles.`,
      );
    }
  } finally {
    await strapi.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`Seed failed: ${error && error.message ? error.message : error}`);
    process.exit(1);
  },
);
