import { factories } from '@strapi/strapi';

// Strict query parameters first (400 on malformed pagination), then caching headers on the answer.
const readerRoute = { middlewares: ['global::reader-query', 'global::reader-cache'] };

export default factories.createCoreRouter('api::section.section', {
  config: { find: readerRoute, findOne: readerRoute },
});
