#!/usr/bin/env node
/**
 * The CMS of the browser test: the production build in dist/ (`strapi build`), started like
 * `strapi start`, as a child process of the test (forked, with an IPC channel). Its whole
 * configuration comes from the environment the test gives it (fresh secrets, a fresh SQLite file,
 * NODE_ENV=production).
 *
 * Over the IPC channel the test may ask this process to run the scheduled-publishing job
 * (`{ type: 'publish-due', now }`): the same `publishDue` the cron task calls, on this server's own
 * Strapi instance and database connection. That replaces waiting for the clock without a second
 * process writing to the SQLite file and without a test-only HTTP route in the product.
 */
'use strict';
const path = require('path');

const appDir = path.resolve(__dirname, '..', '..');
const distDir = path.join(appDir, 'dist');

async function main() {
  const { createStrapi } = require('@strapi/strapi');
  const strapi = createStrapi({ appDir, distDir });
  await strapi.start();
  // Loaded after start, from the same build the server runs.
  const { publishDue } = require(path.join(distDir, 'src', 'scheduling', 'publish-due.js'));

  process.on('message', async (message) => {
    if (!message || message.type !== 'publish-due') return;
    try {
      const result = await publishDue(strapi, new Date(message.now));
      process.send({ type: 'publish-due:done', id: message.id, result });
    } catch (error) {
      process.send({ type: 'publish-due:done', id: message.id, error: error && error.message ? error.message : String(error) });
    }
  });

  const stop = () => {
    strapi.destroy().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The test went away without stopping us: stop too.
  process.on('disconnect', stop);
  if (process.send) process.send({ type: 'ready' });
}

main().catch((error) => {
  console.error(`e2e CMS failed to start: ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
