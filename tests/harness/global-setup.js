'use strict';
const { applyTestEnv } = require('./test-env');
const { compileApp } = require('../../scripts/lib/compile-lock');

/** Compiles the TypeScript app to dist/ once per run (compileStrapi exits the process on a type error). */
module.exports = async function globalSetup() {
  applyTestEnv();
  await compileApp(process.cwd());
};
