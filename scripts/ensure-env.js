#!/usr/bin/env node
/**
 * Creates `.env` with freshly generated random secrets when there is none.
 * An existing `.env` is never touched: operators own it.
 */
'use strict';
const crypto = require('crypto');
const { randomSecrets } = require('./lib/secrets');
const fs = require('fs');
const path = require('path');

const envPath = path.join(__dirname, '..', '.env');

/**
 * A random password the admin panel accepts (8+ characters with a lower-case letter, an upper-case
 * letter and a digit): three fixed characters that cover the classes, then random letters and digits.
 */
function demoPassword() {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const random = Array.from(crypto.randomBytes(16), (byte) => alphabet[byte % alphabet.length]).join('');
  return `Nr7-${random}`;
}

/**
 * The settings of each locale's pages as .env.example gives them (NEWS_LOCALE_<CODE>_<SETTING> with a
 * value): a new .env reads the seed's German pages in German words.
 */
function localeSettings(examplePath = path.join(__dirname, '..', '.env.example')) {
  const settings = {};
  for (const line of fs.readFileSync(examplePath, 'utf8').split(/\r?\n/)) {
    const match = /^(NEWS_LOCALE_[A-Z0-9]+(?:_[A-Z0-9]+)*)=(.+)$/.exec(line);
    if (match && match[1] !== 'NEWS_LOCALE_FALLBACK') settings[match[1]] = match[2];
  }
  return settings;
}

function main() {
  if (fs.existsSync(envPath)) return;
  const lines = [
    '# Generated on first start by scripts/ensure-env.js. See .env.example for every variable.',
    'HOST=0.0.0.0',
    'PORT=1337',
    ...Object.entries(randomSecrets()).map(([name, value]) => `${name}=${value}`),
    'READER_URL=http://localhost:3000',
    '# Feeds, sitemaps and structured data link to the example reader front-end (examples/reader).',
    'PUBLIC_SITE_URL=http://localhost:3000',
    'ARTICLE_PATH=/articles/{slug}',
    'SITE_NAME=Newsroom demo',
    'SITE_LANGUAGE=en',
    "# How each locale's pages read (the seed has a German translation); see .env.example.",
    ...Object.entries(localeSettings()).map(([name, value]) => `${name}=${value}`),
    '# Demo admin accounts, created in development only once the first administrator exists (see README).',
    'DEMO_REPORTER_EMAIL=reporter@newsroom.local',
    `DEMO_REPORTER_PASSWORD=${demoPassword()}`,
    'DEMO_EDITOR_EMAIL=editor@newsroom.local',
    `DEMO_EDITOR_PASSWORD=${demoPassword()}`,
    'STRAPI_TELEMETRY_DISABLED=true',
    'DATABASE_CLIENT=sqlite',
    'DATABASE_FILENAME=.tmp/data.db',
    '',
  ];
  fs.writeFileSync(envPath, lines.join('\n'), { mode: 0o600 });
  console.log(`Created ${path.relative(process.cwd(), envPath) || '.env'} with new random secrets.`);
  console.log('Demo accounts reporter@newsroom.local and editor@newsroom.local (passwords in .env) appear once the first administrator has registered.');
}

if (require.main === module) main();

module.exports = { demoPassword, localeSettings };
