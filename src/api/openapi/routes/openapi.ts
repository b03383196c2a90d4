/** GET /api/openapi.json: the reader API as an OpenAPI 3.1 document (src/openapi). Public, cacheable, the same document every time. */
export default {
  type: 'content-api',
  routes: [
    {
      method: 'GET',
      path: '/openapi.json',
      handler: 'api::openapi.openapi.document',
      config: { auth: false, middlewares: ['global::reader-cache'] },
    },
  ],
};
