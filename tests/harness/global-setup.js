'use strict';
const fs = require('fs');
const path = require('path');
const { applyTestEnv } = require('./test-env');

const lockDir = path.join(process.cwd(), '.tmp', 'compile.lock');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One compile at a time, so that parallel test runs on one checkout never read a half-written dist/. */
async function withCompileLock(work) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - fs.statSync(lockDir).mtimeMs;
      if (age > 120000 || Date.now() - started > 180000) fs.rmSync(lockDir, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Compiles the TypeScript app to dist/ once per run (compileStrapi exits the process on a type error). */
module.exports = async function globalSetup() {
  applyTestEnv();
  const { compileStrapi } = require('@strapi/strapi');
  await withCompileLock(() => compileStrapi({ appDir: process.cwd(), ignoreDiagnostics: false }));
};
