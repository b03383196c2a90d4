#!/usr/bin/env node
/**
 * Runs the integration suites against PostgreSQL. Every test file creates its own fresh database
 * (newsroom_test_*) through TEST_POSTGRES_ADMIN_URL and drops it when it ends.
 */
'use strict';
const { spawnSync } = require('child_process');

const adminUrl = process.env.TEST_POSTGRES_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
// The caller's arguments (test paths, flags) first: --selectProjects takes every word after it as a project name.
const args = ['jest', '--runInBand', ...process.argv.slice(2), '--selectProjects', 'integration'];
const result = spawnSync('npx', args, {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_CLIENT: 'postgres', TEST_POSTGRES_ADMIN_URL: adminUrl },
});
process.exit(result.status ?? 1);
