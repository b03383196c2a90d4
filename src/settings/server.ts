/**
 * The HTTP server and what runs in it. Variables are read as Strapi's `env` helper reads them.
 *
 *   HOST, PORT, PUBLIC_URL, IS_PROXIED   where the server listens and how it is reached
 *   PUBLIC_DIR                           static files and local uploads (<PUBLIC_DIR>/uploads); default ./public
 *   CRON_ENABLED                         scheduled publication on this instance (default true)
 *   SEED_ON_EMPTY                        load the demo content into an empty database (default: in development only)
 *   BODY_JSON_LIMIT, BODY_FORM_LIMIT, BODY_TEXT_LIMIT   request body limits (default 1mb)
 *   GRAPHQL_INTROSPECTION                GraphQL schema introspection (default: everywhere but production)
 */
import { boolOr, intOr, rawOr, type Env } from './env';

export interface ServerSettings {
  nodeEnv: string | undefined;
  host: string;
  port: number;
  publicUrl: string;
  proxied: boolean;
  publicDir: string;
  cronEnabled: boolean;
  /** SEED_ON_EMPTY; undefined when unset (then: in development only). */
  seedOnEmpty: boolean | undefined;
  bodyLimits: { json: string; form: string; text: string };
  graphqlIntrospection: boolean;
}

export function readServerSettings(env: Env): ServerSettings {
  return {
    nodeEnv: env.NODE_ENV,
    host: rawOr(env, 'HOST', '0.0.0.0'),
    port: intOr(env, 'PORT', 1337),
    publicUrl: rawOr(env, 'PUBLIC_URL', ''),
    proxied: boolOr(env, 'IS_PROXIED', false),
    publicDir: rawOr(env, 'PUBLIC_DIR', '') || './public',
    cronEnabled: boolOr(env, 'CRON_ENABLED', true),
    seedOnEmpty: env.SEED_ON_EMPTY === undefined ? undefined : env.SEED_ON_EMPTY === 'true',
    bodyLimits: { json: rawOr(env, 'BODY_JSON_LIMIT', '1mb'), form: rawOr(env, 'BODY_FORM_LIMIT', '1mb'), text: rawOr(env, 'BODY_TEXT_LIMIT', '1mb') },
    graphqlIntrospection: boolOr(env, 'GRAPHQL_INTROSPECTION', env.NODE_ENV !== 'production'),
  };
}
