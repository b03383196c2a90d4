export default {
  type: 'content-api',
  routes: [
    {
      method: 'GET',
      path: '/search',
      handler: 'api::search.search.find',
      // A reader action of its own (granted to Public and Authenticated: src/bootstrap/public-permissions.ts); named
      // `find`, so that read-only API tokens may call it.
      config: { middlewares: ['global::reader-cache'] },
    },
  ],
};
