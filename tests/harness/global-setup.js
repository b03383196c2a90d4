'use strict';
const { applyTestEnv } = require('./test-env');

/** Compiles the TypeScript app to dist/ once per run (compileStrapi exits the process on a type error). */
module.exports = async function globalSetup() {
  applyTestEnv();
  const { compileStrapi } = require('@strapi/strapi');
  await compileStrapi({ appDir: process.cwd(), ignoreDiagnostics: false });
};
