#!/usr/bin/env node
/**
 * `npm run backup`: writes a timestamped archive of all content, media and settings to BACKUP_DIR
 * (default backups/), e.g. backups/newsroom-20261125-024512.tar.gz, encrypted (.tar.gz.enc) when
 * BACKUP_ENCRYPTION_KEY is set. Strapi's data-transfer format: `strapi import` reads it too.
 * Admin-panel users and API tokens are not in it. Safe while the servers run (it only reads).
 * Prints the archive's path on the last line; exits 1 with one line on failure.
 */
'use strict';
const path = require('path');
const { appDir, describeDatabase, loadApp, loadEnv, report, requireBuilt, setupProblems } = require('./lib/runtime');

async function main() {
  if (process.argv.length > 2) throw new Error(`unexpected argument "${process.argv[2]}": the archive goes to BACKUP_DIR (see .env.example)`);
  loadEnv();
  const { problems, database, config } = await setupProblems();
  if (problems.length > 0) throw new Error(`cannot back up: ${problems.join('; ')}`);
  const { exportArchive } = requireBuilt('src/operations/backup.js');
  const app = await loadApp();
  try {
    const result = await exportArchive(app, { dir: config.operations.backupDir, encryptionKey: config.operations.backupEncryptionKey });
    for (const warning of result.warnings) report('warn', [`Backup warning: ${warning}`]);
    const { entities, assets, links, configuration } = result.counts;
    report('info', [
      `Backup of ${describeDatabase(database)}: ${entities} entities, ${links} links, ${assets} media files, ${configuration} settings; ` +
        `${(result.bytes / 1024).toFixed(1)} KB${config.operations.backupEncryptionKey ? ', encrypted' : ''}, in ${(result.ms / 1000).toFixed(1)} s`,
      path.relative(appDir, result.file).startsWith('..') ? result.file : path.relative(appDir, result.file),
    ]);
  } finally {
    await app.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    report('error', [`Backup failed: ${error && error.message ? error.message : error}`]);
    process.exit(1);
  },
);
