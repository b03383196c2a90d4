'use strict';
/**
 * Every secret the app requires (src/settings/secrets.ts reads them, none has a default), freshly
 * generated: for a new `.env` (scripts/ensure-env.js) and for test, benchmark and browser-test processes.
 */
const crypto = require('crypto');

const secret = () => crypto.randomBytes(24).toString('base64');

/** `{ APP_KEYS, API_TOKEN_SALT, ADMIN_JWT_SECRET, TRANSFER_TOKEN_SALT, JWT_SECRET, ENCRYPTION_KEY, PREVIEW_SECRET }` */
function randomSecrets() {
  return {
    APP_KEYS: [secret(), secret(), secret(), secret()].join(','),
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
    PREVIEW_SECRET: secret(),
  };
}

module.exports = { secret, randomSecrets };
