export default {
  type: 'content-api',
  routes: [
    {
      method: 'GET',
      path: '/sections/:slug/more-from',
      handler: 'api::section.section.moreFrom',
      config: { middlewares: ['global::reader-cache'] },
    },
  ],
};
