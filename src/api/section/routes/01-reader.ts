export default {
  type: 'content-api',
  routes: [
    {
      method: 'GET',
      path: '/sections/:slug/more-from',
      handler: 'api::section.section.moreFrom',
      // Checked as `findOne` of the section, so that read-only API tokens may call it (see the article page route).
      config: { middlewares: ['global::reader-cache'], auth: { scope: ['api::section.section.findOne'] } },
    },
  ],
};
