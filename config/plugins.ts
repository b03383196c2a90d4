import { readSecrets } from '../src/settings/secrets';
import { uploadPluginEntry } from '../src/settings/upload';
import { AUTH_RATE_LIMIT_DEFAULTS, readGraphqlLimits, readRateLimit } from '../src/settings/limits';
import { readServerSettings } from '../src/settings/server';
import { operationLimitsPlugin, statementDeadlinePlugin, strapiErrorNamesPlugin } from '../src/graphql/limits';
import { formatGraphqlError } from '../src/graphql/internal-errors';
import { readNewsSettings } from '../src/settings/news';
import { queryContractPlugin } from '../src/query-contract/graphql';
import { LIST_LIMITS } from '../src/http/request-params';

const { defaultLimit: GRAPHQL_DEFAULT_LIMIT, maxLimit: GRAPHQL_MAX_LIMIT } = LIST_LIMITS;

const config = () => {
  const graphqlLimits = readGraphqlLimits(process.env);
  const server = readServerSettings(process.env);
  const introspection = server.graphqlIntrospection;
  return {
    // Media on local disk (public/uploads) by default; on S3 or S3-compatible storage when S3_BUCKET is set (src/settings/upload.ts).
    ...uploadPluginEntry(process.env),
    'users-permissions': {
      config: {
        jwtSecret: readSecrets(process.env).jwtSecret,
        // Login, registration and password-reset attempts per client (AUTH_RATE_LIMIT_*), answered 429 beyond.
        ratelimit: readRateLimit(process.env, 'AUTH', AUTH_RATE_LIMIT_DEFAULTS),
      },
    },
    graphql: {
      config: {
        endpoint: '/graphql',
        shadowCRUD: true,
        // Bounded on purpose: a public endpoint must not run arbitrarily deep or wide queries.
        depthLimit: graphqlLimits.depthLimit,
        defaultLimit: GRAPHQL_DEFAULT_LIMIT,
        maxLimit: GRAPHQL_MAX_LIMIT,
        landingPage: server.nodeEnv !== 'production',
        // Merged into the plugin's Apollo options (arrays are appended to its own).
        apolloServer: {
          introspection,
          // Without introspection, no "Did you mean …?" either: those suggestions spell the schema out field by field.
          hideSchemaDetailsFromClientErrors: !introspection,
          // At most this many selections, fragments expanded. Also runs GraphQL's own rules before the depth
          // limit, so a fragment cycle is a 400 instead of a stack overflow in graphql-depth-limit.
          maxRecursiveSelections: graphqlLimits.maxSelections,
          // Same body limit as REST (the plugin parses /graphql bodies itself).
          bodyParserConfig: { jsonLimit: server.bodyLimits.json },
          // Unexpected errors as `Internal Server Error` with a correlation id, never their SQL or stack (src/graphql/internal-errors.ts).
          formatError: formatGraphqlError(
            () => globalThis.strapi?.requestContext.get()?.state,
            (message) => globalThis.strapi?.log.error(message),
          ),
          includeStacktraceInErrorResponses: false,
          // CORS is strapi::cors's job (CORS_ORIGINS); the plugin's own would allow every origin on /graphql.
          cors: false,
          plugins: [
            operationLimitsPlugin({
              maxComplexity: graphqlLimits.maxComplexity,
              maxRootFields: graphqlLimits.maxRootFields,
              defaultLimit: GRAPHQL_DEFAULT_LIMIT,
              maxLimit: GRAPHQL_MAX_LIMIT,
              moreFromLimit: readNewsSettings(process.env).moreFromLimit,
            }),
            // The reader query contract on every list's filters, sort and pagination (src/query-contract).
            queryContractPlugin(() => strapi),
            strapiErrorNamesPlugin,
            statementDeadlinePlugin,
          ],
        },
      },
    },
  };
};

export default config;
