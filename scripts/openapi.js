#!/usr/bin/env node
/**
 * `npm run openapi`: writes the reader API's OpenAPI document (what GET /api/openapi.json serves) to
 * examples/reader/openapi.json, then regenerates examples/reader/src/openapi.ts from it with
 * openapi-typescript. Boots the app on a throw-away SQLite database: the document comes from the
 * routes and the schemas, not from content.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { compileApp } = require('./lib/compile-lock');
const { randomSecrets } = require('./lib/secrets');

const appDir = path.resolve(__dirname, '..');
const snapshot = path.join(appDir, 'examples', 'reader', 'openapi.json');
const typesFile = path.join(appDir, 'examples', 'reader', 'src', 'openapi.ts');

async function writeSnapshot() {
  const database = path.join(appDir, '.tmp', `openapi-${process.pid}.db`);
  Object.assign(process.env, { ...randomSecrets(), ...process.env, SEED_ON_EMPTY: 'false', CRON_ENABLED: 'false', LOG_LEVEL: 'warn' });
  Object.assign(process.env, { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: database });
  fs.mkdirSync(path.dirname(database), { recursive: true });
  const { createStrapi } = require('@strapi/strapi');
  const { distDir } = await compileApp(appDir);
  const strapi = await createStrapi({ appDir, distDir }).load();
  try {
    const { readerOpenApiDocument } = require(path.join(distDir, 'src', 'openapi', 'document.js'));
    const prettier = require('prettier');
    const options = (await prettier.resolveConfig(snapshot)) ?? {};
    fs.writeFileSync(snapshot, await prettier.format(JSON.stringify(readerOpenApiDocument(strapi)), { ...options, parser: 'json' }));
  } finally {
    await strapi.destroy();
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${database}${suffix}`, { force: true });
  }
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: appDir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

async function main() {
  await writeSnapshot();
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  run(npx, ['openapi-typescript', path.relative(appDir, snapshot), '-o', path.relative(appDir, typesFile)]);
  run(npx, ['prettier', '--write', path.relative(appDir, typesFile)]);
  console.log(`Wrote ${path.relative(appDir, snapshot)} and ${path.relative(appDir, typesFile)}.`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`openapi failed: ${error && error.message ? error.message : error}`);
    process.exit(1);
  },
);
