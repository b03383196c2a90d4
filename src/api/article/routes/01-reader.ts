export default {
  type: 'content-api',
  routes: [
    {
      method: 'GET',
      path: '/articles/by-slug/:slug',
      handler: 'api::article.article.bySlug',
      config: { middlewares: ['global::reader-cache'] },
    },
  ],
};
