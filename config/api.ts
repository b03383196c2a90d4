import type { Core } from '@strapi/strapi';
import { LIST_LIMITS } from '../src/http/request-params';

const config: Core.Config.Api = {
  rest: {
    // The same limits as GraphQL's (config/plugins.ts).
    ...LIST_LIMITS,
    withCount: true,
    // Unknown top-level query keys are a 400 (Strapi ignores them otherwise): a misspelt parameter is seen, not silently dropped.
    strictParams: true,
  },
};

export default config;
