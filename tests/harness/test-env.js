'use strict';
/** Environment shared by every test process: random secrets, no cron, no seed unless a test loads it. */
const crypto = require('crypto');

const secret = () => crypto.randomBytes(18).toString('base64');
const defaults = {
  NODE_ENV: 'test',
  STRAPI_TELEMETRY_DISABLED: 'true',
  LOG_LEVEL: 'warn',
  APP_KEYS: [secret(), secret()].join(','),
  API_TOKEN_SALT: secret(),
  ADMIN_JWT_SECRET: secret(),
  TRANSFER_TOKEN_SALT: secret(),
  JWT_SECRET: secret(),
  ENCRYPTION_KEY: secret(),
  PREVIEW_SECRET: secret(),
  CRON_ENABLED: 'false',
  SEED_ON_EMPTY: 'false',
};

function applyTestEnv() {
  for (const [key, value] of Object.entries(defaults)) {
    if (process.env[key] === undefined) process.env[key] = value;
  }
}

module.exports = { applyTestEnv };
