#!/usr/bin/env node
/**
 * Fails, saying what to do, when node_modules lacks a package that package.json names: a checkout installed
 * before a dependency arrived (`git pull` without `npm ci`) otherwise fails later with "Cannot find module".
 * Runs before `npm run typecheck` and `npm run test:all`.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const manifest = require(path.join(root, 'package.json'));
const missing = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter(
  (name) => !fs.existsSync(path.join(root, 'node_modules', ...name.split('/'), 'package.json')),
);
if (missing.length) {
  console.error(`node_modules is older than package.json (missing: ${missing.join(', ')}): run npm ci`);
  process.exit(1);
}
