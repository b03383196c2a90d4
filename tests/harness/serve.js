'use strict';
/**
 * A production server process for tests: `npm start` (scripts/start.js) with two test-only routes.
 *   GET  /_test/slow?ms=N     answers after N ms (a request still in flight when SIGTERM arrives)
 *   POST /_test/publish-due   runs the scheduled-publishing job once in this process, answers its result
 */
const path = require('path');
const { startServer } = require('../../scripts/start');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

startServer({
  beforeListen(strapi) {
    strapi.server.routes([
      {
        method: 'GET',
        path: '/_test/slow',
        handler: async (ctx) => {
          const ms = Number(ctx.query.ms) || 1000;
          await sleep(ms);
          ctx.body = { slept: ms };
        },
        config: { auth: false },
      },
      {
        method: 'POST',
        path: '/_test/publish-due',
        handler: async (ctx) => {
          const { publishDue } = require(path.join(strapi.dirs.dist.src, 'scheduling', 'publish-due.js'));
          ctx.body = await publishDue(strapi, new Date());
        },
        config: { auth: false },
      },
    ]);
  },
});
