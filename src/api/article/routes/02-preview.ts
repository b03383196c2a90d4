/**
 * Draft preview for the reader front-end. Public route (`auth: false`): the controller admits only
 * requests that carry PREVIEW_SECRET (X-Preview-Secret header or `secret` query parameter).
 */
export default {
  type: 'content-api',
  routes: [
    {
      method: 'GET',
      path: '/preview/articles/:documentId',
      handler: 'api::article.preview.article',
      config: { auth: false },
    },
  ],
};
