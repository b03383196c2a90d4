#!/usr/bin/env node
/**
 * `npm start`: the production server, from the build of `npm run build`.
 *
 * 1. Checks the setup first (src/operations/preflight.ts): every config file (secrets, DATABASE_CLIENT,
 *    NEWS_*, ...) and the database connection. Each problem is one line; any problem exits 1.
 * 2. Starts Strapi like `strapi start`, with a graceful shutdown (src/operations/graceful-shutdown.ts):
 *    on SIGTERM the requests in flight finish (up to SHUTDOWN_TIMEOUT_MS) before the process exits 0.
 *
 * `startServer({ beforeListen })` is exported for tests that add routes to a real server process.
 */
'use strict';
const { appDir, distDir, jsonOutput, loadEnv, requireBuilt, report, setupProblems } = require('./lib/runtime');

async function startServer({ beforeListen } = {}) {
  loadEnv();
  let problems;
  try {
    ({ problems } = await setupProblems());
  } catch (error) {
    problems = [error && error.message ? error.message : String(error)];
  }
  if (problems.length > 0) {
    const hint = 'Every variable is described in .env.example; `npm run doctor` checks the whole setup.';
    report(
      'error',
      jsonOutput()
        ? [...problems.map((problem) => `Start-up refused: ${problem}`), hint]
        : [`Start-up refused (${problems.length} problem${problems.length === 1 ? '' : 's'}):`, ...problems.map((problem) => `  - ${problem}`), hint],
    );
    process.exit(1);
  }

  const { createStrapi } = require('@strapi/strapi');
  const { trackRequests, exitGracefullyOnSignals } = requireBuilt('src/operations/graceful-shutdown.js');
  const signals = ['SIGTERM', 'SIGINT'];
  const ownListeners = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const app = createStrapi({ appDir, distDir });
  const tracker = trackRequests(app.server.httpServer);
  try {
    await app.load();
    if (beforeListen) await beforeListen(app);
  } catch (error) {
    return app.stopWithError(error);
  }
  // Strapi's own handlers destroy every connection at once: swap them for the graceful shutdown.
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!ownListeners.get(signal).has(listener)) process.removeListener(signal, listener);
  }
  exitGracefullyOnSignals({
    tracker,
    timeoutMs: app.config.get('operations.shutdownTimeoutMs', 8000),
    log: app.log,
    stopJobs: () => app.cron.stop(),
    destroy: () => app.destroy(),
  });
  await app.start();
  return app;
}

if (require.main === module) startServer();

module.exports = { startServer };
