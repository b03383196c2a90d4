import { factories } from '@strapi/strapi';

const cached = { middlewares: ['global::reader-cache'] };

export default factories.createCoreRouter('api::section.section', {
  config: { find: cached, findOne: cached },
});
