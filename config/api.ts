import type { Core } from '@strapi/strapi';

const config: Core.Config.Api = {
  rest: {
    defaultLimit: 25,
    maxLimit: 100,
    withCount: true,
    // Unknown top-level query keys are a 400 (Strapi ignores them otherwise): a misspelt parameter is seen, not silently dropped.
    strictParams: true,
  },
};

export default config;
