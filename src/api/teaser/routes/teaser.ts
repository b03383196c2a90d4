import { factories } from '@strapi/strapi';

const cached = { middlewares: ['global::reader-cache'] };

export default factories.createCoreRouter('api::teaser.teaser', {
  config: { find: cached, findOne: cached },
});
