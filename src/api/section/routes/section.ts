import { factories } from '@strapi/strapi';

// The reader query contract first (400 for anything outside it; src/query-contract), then caching headers on the answer.
const readerRoute = (single: boolean) => ({
  middlewares: [{ name: 'global::query-contract', config: { uid: 'api::section.section', single } }, 'global::reader-cache'],
});

export default factories.createCoreRouter('api::section.section', {
  config: { find: readerRoute(false), findOne: readerRoute(true) },
});
