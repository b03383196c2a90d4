#!/usr/bin/env node
/**
 * Creates `.env` with freshly generated random secrets when there is none.
 * An existing `.env` is never touched: operators own it.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const envPath = path.join(__dirname, '..', '.env');
const secret = () => crypto.randomBytes(24).toString('base64');

function main() {
  if (fs.existsSync(envPath)) return;
  const lines = [
    '# Generated on first start by scripts/ensure-env.js. See .env.example for every variable.',
    'HOST=0.0.0.0',
    'PORT=1337',
    `APP_KEYS=${[secret(), secret(), secret(), secret()].join(',')}`,
    `API_TOKEN_SALT=${secret()}`,
    `ADMIN_JWT_SECRET=${secret()}`,
    `TRANSFER_TOKEN_SALT=${secret()}`,
    `JWT_SECRET=${secret()}`,
    `ENCRYPTION_KEY=${secret()}`,
    `PREVIEW_SECRET=${secret()}`,
    'STRAPI_TELEMETRY_DISABLED=true',
    'DATABASE_CLIENT=sqlite',
    'DATABASE_FILENAME=.tmp/data.db',
    '',
  ];
  fs.writeFileSync(envPath, lines.join('\n'), { mode: 0o600 });
  console.log(`Created ${path.relative(process.cwd(), envPath) || '.env'} with new random secrets.`);
}

main();
