'use strict';
/**
 * One TypeScript compile (src/ and config/ → dist/) at a time on a checkout. The Jest global setup, the
 * benchmark, the load test and the browser test all compile before they start Strapi; without the lock, a
 * run could read a dist/ another run is rewriting.
 *
 * The lock is a directory, `.tmp/compile.lock`. Its mtime is refreshed every 10 s while it is held, and a
 * lock older than two minutes is treated as abandoned (a killed run), as is any wait beyond three minutes.
 */
const fs = require('fs');
const path = require('path');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function withCompileLock(appDir, work) {
  const lockDir = path.join(appDir, '.tmp', 'compile.lock');
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let age;
      try {
        age = Date.now() - fs.statSync(lockDir).mtimeMs;
      } catch {
        continue; // released between the two calls
      }
      if (age > 120000 || Date.now() - started > 180000) fs.rmSync(lockDir, { recursive: true, force: true });
      await sleep(250);
    }
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    try {
      fs.utimesSync(lockDir, now, now);
    } catch {
      // gone: nothing to refresh
    }
  }, 10000);
  try {
    return await work();
  } finally {
    clearInterval(heartbeat);
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Compiles the app to dist/ under the lock. `compileStrapi` exits the process on a type error. */
function compileApp(appDir) {
  return withCompileLock(appDir, () => {
    const { compileStrapi } = require('@strapi/strapi');
    return compileStrapi({ appDir, ignoreDiagnostics: false });
  });
}

module.exports = { withCompileLock, compileApp };
