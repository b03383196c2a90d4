export default {
  type: 'content-api',
  routes: [
    {
      method: 'GET',
      path: '/articles/by-slug/:slug',
      handler: 'api::article.article.bySlug',
      // Checked as `findOne`: the page is a read of one published article, and Strapi lets read-only
      // API tokens call only actions named find/findOne (a `bySlug` scope would refuse them).
      config: { middlewares: ['global::reader-cache'], auth: { scope: ['api::article.article.findOne'] } },
    },
  ],
};
