#!/usr/bin/env node
/**
 * `npm run doctor`: the preflight an operator runs before starting or upgrading. One line per check,
 * `OK`, `WARN` (works, but read it) or `FAIL` (what to do); exits 1 when any check fails.
 *
 *   npm run doctor                       every check
 *   npm run doctor -- --skip=admin-build skip checks by id: node, build, config, purge, database, migrations, admin-build, disk
 *
 * The rules are the app's own (src/settings, read through src/operations/preflight.ts), the same that
 * `npm start` applies before it boots.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { appDir, distDir, loadEnv, requireBuilt } = require('./lib/runtime');
const { satisfies } = require('./lib/node-version');

const CHECKS = ['node', 'build', 'config', 'purge', 'database', 'migrations', 'search', 'admin-build', 'disk'];
const DB_TIMEOUT_MS = 5000;

function parseArgs(argv) {
  const skip = new Set();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = arg.startsWith('--skip=') ? arg.slice('--skip='.length) : arg === '--skip' ? argv[(i += 1)] : null;
    if (value === null) throw new Error(`unknown argument "${arg}" (usage: npm run doctor -- [--skip=${CHECKS.join(',')}])`);
    for (const id of String(value).split(',').filter(Boolean)) {
      if (!CHECKS.includes(id)) throw new Error(`unknown check "${id}" (checks: ${CHECKS.join(', ')})`);
      skip.add(id);
    }
  }
  return { skip };
}

const mb = (n) => (n >= 10240 ? `${Math.round(n / 1024)} GB` : `${n} MB`);
const rel = (p) => {
  const relative = path.relative(appDir, p);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : p;
};

/** Newest modification time of the .ts files under these folders. */
function newestSource(dirs) {
  let newest = 0;
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  dirs.forEach(walk);
  return newest;
}

async function main() {
  const { skip } = parseArgs(process.argv.slice(2));
  loadEnv();
  const lines = [];
  const add = (status, message) => {
    lines.push({ status, message });
    console.log(`${status.padEnd(5)} ${message}`);
  };
  const run = (id) => !skip.has(id);

  console.log(`Newsroom CMS doctor: ${appDir} (NODE_ENV=${process.env.NODE_ENV || 'development'}, DATABASE_CLIENT=${process.env.DATABASE_CLIENT || 'sqlite'})`);

  if (run('node')) {
    const range = require(path.join(appDir, 'package.json')).engines.node;
    if (satisfies(process.version, range)) add('OK', `Node.js ${process.version} (package.json wants ${range})`);
    else add('FAIL', `Node.js ${process.version} is not supported (package.json wants ${range}): install a supported version`);
  }

  // Everything else needs the build.
  let preflight;
  try {
    preflight = requireBuilt('src/operations/preflight.js');
    if (run('build')) {
      const built = fs.statSync(path.join(distDir, 'src', 'index.js')).mtimeMs;
      if (newestSource(['src', 'config', 'database'].map((dir) => path.join(appDir, dir))) > built) {
        add('WARN', 'Build: dist/ is older than the sources: run npm run build before starting');
      } else {
        add('OK', `Build: dist/ (${new Date(built).toISOString().slice(0, 16).replace('T', ' ')} UTC)`);
      }
    }
  } catch (error) {
    add('FAIL', `Build: ${error.message}`);
    return finish(lines);
  }

  const { problems, config, failed } = preflight.checkConfiguration();
  if (run('config')) {
    if (problems.length === 0)
      add(
        'OK',
        'Configuration: every variable is valid (secrets, database, news and locale settings, preview, site, uploads, operations, cache, purge, search, history)',
      );
    for (const problem of problems) add('FAIL', problem);
    if (config.news) {
      const { defaultLocale, fallbackLocale, words } = config.news.locales;
      const own = Object.entries(words).map(([code, w]) => `${code} (${w.timeZone}, "${w.lastUpdateLabel}")`);
      add(
        'OK',
        `Locales: default ${defaultLocale}; missing translations ${fallbackLocale ? `fall back to ${fallbackLocale}` : 'are 404'}; ` +
          `words and dates of their own: ${own.length ? own.join(', ') : 'none (every locale reads like the default settings)'}`,
      );
    }
    if (config.site && !config.site.publicUrl) {
      add(
        'WARN',
        "Feeds and sitemaps: PUBLIC_SITE_URL is not set, so /api/feed.xml, /api/sitemap.xml and the others answer 404: set it to the public site's address",
      );
    } else if (config.site) {
      add('OK', `Feeds and sitemaps: link to ${config.site.publicUrl}`);
    }
  }

  if (run('purge')) await checkPurge(config.purge, failed.includes('purge'), add);

  const databaseConfig = config.database && config.database.connection;
  if (run('database') || run('migrations') || run('search')) {
    if (failed.includes('database') || !databaseConfig) {
      add('FAIL', 'Database: not checked: fix the database configuration first (see above)');
    } else {
      const { probe, db } = await preflight.openDatabase(databaseConfig, DB_TIMEOUT_MS);
      try {
        if (run('database')) {
          if (!probe.ok) add('FAIL', probe.problem);
          else if (probe.client === 'postgres') {
            const major = Number(String(probe.version).split('.')[0]);
            if (major < preflight.MIN_POSTGRES_MAJOR)
              add('FAIL', `Database: PostgreSQL ${probe.version} at ${probe.target} is too old: Strapi 5 needs ${preflight.MIN_POSTGRES_MAJOR} or later`);
            else add('OK', `Database: PostgreSQL ${probe.version} at ${probe.target}`);
          } else {
            add('OK', `Database: SQLite ${probe.version ? `${probe.version} ` : ''}at ${rel(probe.target)}${probe.note ? ` (${probe.note})` : ''}`);
          }
        }
        if (run('migrations')) {
          if (!probe.ok) add('FAIL', 'Migrations: not checked: the database cannot be reached');
          else if (!db) add('OK', 'Migrations: new database: the first start creates the tables');
          else {
            const schema = (databaseConfig.connection && databaseConfig.connection.schema) || 'public';
            const report = await preflight.pendingMigrations(db, probe.client, schema, preflight.userMigrationsDir(config, appDir, distDir));
            const pending = [...report.pendingInternal, ...report.pendingUser];
            if (report.empty) add('OK', 'Migrations: empty database: the first start creates the tables');
            else if (pending.length === 0) add('OK', 'Migrations: none pending');
            else add('WARN', `Migrations: ${pending.length} pending (${pending.join(', ')}): the next start runs them; take a backup first (npm run backup)`);
          }
        }
        if (run('search')) {
          if (!probe.ok) add('FAIL', 'Search index: not checked: the database cannot be reached');
          else if (!db) add('OK', 'Search index: new database: the first start creates and fills it');
          else if (failed.includes('search') || !config.searchLanguageRule)
            add('FAIL', 'Search index: not checked: fix SEARCH_LANGUAGE and the NEWS_ locale settings first (see above)');
          else {
            const schema = (databaseConfig.connection && databaseConfig.connection.schema) || 'public';
            await checkSearchIndex(db, probe.client, schema, config.searchLanguageRule, add).catch((error) =>
              add('WARN', `Search index: not checked: ${error && error.message ? error.message : error}`),
            );
          }
        }
        if (run('purge') && probe.ok && db) await checkPurgeQueue(db, add);
      } finally {
        if (db) await db.close();
      }
    }
  }

  if (run('admin-build')) {
    const index = path.join(distDir, 'build', 'index.html');
    if (fs.existsSync(index)) add('OK', `Admin panel build: ${rel(index)}`);
    else add('FAIL', `Admin panel build: ${rel(index)} is missing: run npm run build`);
  }

  if (run('disk')) {
    const operations = config.operations || {};
    const minFreeMb = operations.minFreeDiskMb ?? 1024;
    const upload = config.plugins && config.plugins.upload && config.plugins.upload.config;
    if (upload && upload.provider === 'aws-s3') {
      add('OK', `Disk (uploads): media go to the S3 bucket ${upload.providerOptions.s3Options.params.Bucket}, not to this disk`);
    } else {
      const uploads = preflight.uploadsProblem(config, appDir);
      const disk = preflight.checkDisk(preflight.localUploadsDir(config, appDir), minFreeMb, 'Disk (uploads)', 'PUBLIC_DIR');
      if (uploads) add('FAIL', uploads);
      else add(disk.ok ? 'OK' : 'FAIL', disk.ok ? `Disk (uploads): ${mb(disk.freeMb)} free at ${rel(disk.dir)}` : disk.problem);
    }
    if (operations.backupDir) {
      const disk = preflight.checkDisk(operations.backupDir, minFreeMb, 'Disk (backups)', 'BACKUP_DIR');
      add(disk.ok ? 'OK' : 'FAIL', disk.ok ? `Disk (backups): ${mb(disk.freeMb)} free at ${rel(disk.dir)}` : disk.problem);
    } else {
      add('FAIL', 'Disk (backups): not checked: fix the operations settings first (see above)');
    }
  }

  return finish(lines);
}

/**
 * The search index (src/search/engine.ts) against the published articles, with the app's own drift query: entries
 * missing, stale or left behind mean writes went around the app (an import, SQL by hand) or a start is due.
 */
async function checkSearchIndex(db, client, schema, rule, add) {
  const engine = requireBuilt('src/search/engine.js');
  const dialect = client === 'postgres' ? 'postgres' : 'sqlite';
  const literal = (value) => `'${String(value).replace(/'/g, "''")}'`;
  // The app's tables live in DATABASE_SCHEMA; the doctor's own connection looks there too.
  if (dialect === 'postgres') await db.query(`SET search_path TO "${String(schema).replace(/"/g, '""')}"`);
  const article = { ...ARTICLE_COLUMNS, table: articleTable() };
  const wanted = [article.table, ...engine.searchIndexTables(dialect)];
  const list = wanted.map(literal).join(', ');
  const found = new Set(
    (
      await db.query(
        dialect === 'sqlite'
          ? `SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (${list})`
          : `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN (${list})`,
      )
    ).map((row) => row.name),
  );
  if (!found.has(article.table)) return add('OK', 'Search index: new database: the first start creates and fills it');
  if (wanted.some((table) => !found.has(table))) {
    return add('OK', 'Search index: not built yet: the next start builds it from the published articles (or run npm run search:reindex)');
  }
  const expected = engine.searchIndexSignature(dialect, rule);
  const language = rule.defaultLanguage ?? `(unset: from ${rule.defaultLocale})`;
  const [state] = await db.query(`SELECT "value" AS value FROM "${engine.STATE_TABLE}" WHERE "key" = 'index'`);
  if (!state || state.value !== expected) {
    return add(
      'WARN',
      `Search index: built for another SEARCH_LANGUAGE or tokenizer (${state ? state.value : 'unknown'}; SEARCH_LANGUAGE=${language} needs ${expected}): the next start rebuilds it`,
    );
  }
  const [row] = await db.query(engine.searchDriftCountSql(dialect, article));
  const [missing, orphaned, entries] = [Number(row.missing), Number(row.orphaned), Number(row.entries)];
  if (missing === 0 && orphaned === 0) return add('OK', `Search index: in step (${entries} entr${entries === 1 ? 'y' : 'ies'})`);
  add(
    'WARN',
    `Search index: out of step: ${missing} published article${missing === 1 ? '' : 's'} missing or stale, ${orphaned} entr${orphaned === 1 ? 'y' : 'ies'} of unpublished or deleted rows: ` +
      'the next start repairs it, or run npm run search:reindex',
  );
}

/** Strapi's own columns of the article table; the table's name is the content type's collectionName. */
const ARTICLE_COLUMNS = { documentId: 'document_id', locale: 'locale', publishedAt: 'published_at', updatedAt: 'updated_at' };
const articleTable = () => requireBuilt('src/api/article/content-types/article/schema.json').collectionName;

/** Purges waiting to be sent (src/cache/purge-queue.ts): due ones older than a minute mean the cache tier keeps refusing them. */
async function checkPurgeQueue(db, add) {
  let row;
  try {
    // An integer literal, not a parameter: the two drivers here differ in placeholders.
    [row] = await db.query(`SELECT COUNT(*) AS due, MIN(due_at) AS oldest FROM newsroom_purges WHERE due_at <= ${Math.floor(Date.now())}`);
  } catch {
    return; // no queue table yet: a new database
  }
  const due = Number(row && row.due);
  if (!due) return add('OK', 'Purge queue: nothing waiting');
  const ageS = Math.round((Date.now() - Number(row.oldest)) / 1000);
  if (ageS < 60) return add('OK', `Purge queue: ${due} waiting, the oldest for ${ageS} s`);
  add('WARN', `Purge queue: ${due} waiting, the oldest for ${ageS} s: the cache tier refuses them (see "Purge through … failed" in the log)`);
}

/**
 * The cache tier the app purges when content changes (PURGE_ADAPTER): does it answer? Unreachable is a WARN,
 * not a FAIL: readers are still served and the durable purge queue keeps every purge until the tier answers,
 * but until then the tier serves stale pages, so read it.
 */
async function checkPurge(settings, invalid, add) {
  if (invalid || !settings) return add('FAIL', 'Purge: not checked: fix the purge settings first (see above)');
  if (settings.adapter === 'none') {
    return add('OK', 'Purge: none (no cache tier is purged; set PURGE_ADAPTER to varnish, fastly, cloudflare or webhook when one is in front)');
  }
  let adapters;
  try {
    adapters = requireBuilt('src/cache/purge-adapters.js');
  } catch (error) {
    return add('FAIL', `Purge: ${error.message}`);
  }
  const target = adapters.purgeTarget(settings);
  const problem = await adapters.createPurgeAdapter(settings).probe();
  if (problem) add('WARN', `Purge: ${target} unreachable: ${problem} (pages stay stale in the cache tier until it answers; the purges wait in the queue)`);
  else add('OK', `Purge: ${target} reachable`);
}

function finish(lines) {
  const failures = lines.filter((line) => line.status === 'FAIL').length;
  const warnings = lines.filter((line) => line.status === 'WARN').length;
  console.log(
    failures > 0
      ? `Doctor: ${failures} problem${failures === 1 ? '' : 's'} to fix${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}.`
      : `Doctor: all checks passed${warnings ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}.`,
  );
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.log(`FAIL  ${error && error.message ? error.message : error}`);
    process.exit(1);
  },
);
