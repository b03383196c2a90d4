import type { Core } from '@strapi/strapi';
import { requireSecret } from '../src/config/secrets';
import { uploadPluginEntry } from '../src/config/upload';

const config = ({ env }: Core.Config.Shared.ConfigParams) => ({
  // Media on local disk (public/uploads) by default; on S3 or S3-compatible storage when S3_BUCKET is set (src/config/upload.ts).
  ...uploadPluginEntry((name) => env(name)),
  'users-permissions': {
    config: {
      jwtSecret: requireSecret(env, 'JWT_SECRET'),
    },
  },
  graphql: {
    config: {
      endpoint: '/graphql',
      shadowCRUD: true,
      // Bounded on purpose: a public endpoint must not run arbitrarily deep or wide queries.
      depthLimit: env.int('GRAPHQL_DEPTH_LIMIT', 7),
      defaultLimit: 25,
      maxLimit: 100,
      landingPage: env('NODE_ENV') !== 'production',
      apolloServer: {
        introspection: env.bool('GRAPHQL_INTROSPECTION', env('NODE_ENV') !== 'production'),
      },
    },
  },
});

export default config;
