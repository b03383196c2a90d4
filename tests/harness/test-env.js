'use strict';
/** Environment shared by every test process: random secrets, no cron, no seed unless a test loads it. */
const { randomSecrets } = require('../../scripts/lib/secrets');

const defaults = {
  PUBLIC_SITE_URL: 'https://news.example.com',
  SITE_NAME: 'The Example Times',
  NODE_ENV: 'test',
  STRAPI_TELEMETRY_DISABLED: 'true',
  LOG_LEVEL: 'warn',
  ...randomSecrets(),
  CRON_ENABLED: 'false',
  SEED_ON_EMPTY: 'false',
};

function applyTestEnv() {
  for (const [key, value] of Object.entries(defaults)) {
    if (process.env[key] === undefined) process.env[key] = value;
  }
}

module.exports = { applyTestEnv };
