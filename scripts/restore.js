#!/usr/bin/env node
/**
 * `npm run restore -- <archive> [--yes]`: replaces everything in the configured database (content,
 * media, settings) with the archive of `npm run backup` (or `strapi export`). Works on an empty
 * database (the tables are created first) or an existing one. Asks for confirmation unless --yes.
 * Admin-panel users are not in archives: those of the database restored into are kept.
 * Stop the servers (or take them out of the load balancer) while it runs.
 */
'use strict';
const fs = require('fs');
const readline = require('readline');
const { describeDatabase, loadApp, loadEnv, report, requireBuilt, setupProblems } = require('./lib/runtime');

const USAGE = 'usage: npm run restore -- <archive.tar.gz[.enc]> [--yes]';

function parseArgs(argv) {
  let yes = false;
  const files = [];
  for (const arg of argv) {
    if (arg === '--yes' || arg === '-y') yes = true;
    else if (arg.startsWith('-')) throw new Error(`unknown option "${arg}" (${USAGE})`);
    else files.push(arg);
  }
  if (files.length !== 1) throw new Error(files.length === 0 ? `which archive? (${USAGE})` : `one archive at a time (${USAGE})`);
  return { file: files[0], yes };
}

/** Reads one answer from stdin (a terminal or a pipe); no answer means no. */
function ask(question) {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: Boolean(process.stdin.isTTY) });
    let answered = false;
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(answer);
    });
    rl.on('close', () => {
      if (!answered) resolve('');
    });
  });
}

async function main() {
  const { file, yes } = parseArgs(process.argv.slice(2));
  loadEnv();
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new Error(`${file}: no such file`);
  const { archiveKind } = requireBuilt('src/operations/backup.js');
  if (!archiveKind(file)) throw new Error(`${file} is not a backup archive (expected .tar.gz, .tar.gz.enc or .tar)`);
  const { problems, database, config } = await setupProblems();
  if (problems.length > 0) throw new Error(`cannot restore: ${problems.join('; ')}`);
  if (archiveKind(file).encrypted && !config.operations.backupEncryptionKey) {
    throw new Error(`${file} is encrypted: set BACKUP_ENCRYPTION_KEY to the key it was made with`);
  }

  const target = describeDatabase(database);
  if (!yes) {
    const answer = await ask(`Restore ${file} into ${target}? Its content, media and settings are replaced by the archive's (admin users stay). [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) {
      report('error', ['Restore cancelled: nothing was changed.']);
      return 1;
    }
  }

  const { importArchive } = requireBuilt('src/operations/backup.js');
  const app = await loadApp();
  try {
    const result = await importArchive(app, { file, encryptionKey: config.operations.backupEncryptionKey });
    for (const warning of result.warnings) report('warn', [`Restore warning: ${warning}`]);
    const { entities, assets, links, configuration } = result.counts;
    report('info', [
      `Restored ${file} into ${target}: ${entities} entities, ${links} links, ${assets} media files, ${configuration} settings, in ${(result.ms / 1000).toFixed(1)} s.`,
      'Admin-panel users are not in backups: those of this database were kept (on a new database, register the first administrator).',
    ]);
  } finally {
    await app.destroy();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    report('error', [`Restore failed: ${error && error.message ? error.message : error}`]);
    process.exit(1);
  },
);
