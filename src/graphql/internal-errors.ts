/**
 * Apollo's `formatError` for the GraphQL endpoint (config/plugins.ts), in place of the plugin's: the plugin
 * copies an unexpected error's own message (the SQL statement, table and column names) into
 * `extensions.error`. Here an unexpected error becomes `Internal Server Error` with a correlation id that the
 * request's log line also holds (src/middlewares/internal-errors.ts), in every environment. Strapi's client
 * errors keep the plugin's codes (FORBIDDEN, BAD_USER_INPUT, STRAPI_<NAME>); GraphQL's own errors pass as they are.
 */
import crypto from 'crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { errors } from '@strapi/utils';
import { INTERNAL_ERROR_MESSAGE, isClientFacingError, recordInternalError, type StateWithInternalError } from '../middlewares/internal-errors';

/** As Apollo's `unwrapResolverError`: the error a resolver threw, else the error itself. */
function unwrapResolverError(error: unknown): unknown {
  return error instanceof GraphQLError && error.path && error.originalError ? error.originalError : error;
}

/** `NotFoundError` → `STRAPI_NOT_FOUND_ERROR`, as the plugin names codes. */
export const strapiErrorCode = (name: string) =>
  `STRAPI_${name
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z\d]+/g, '_')
    .toUpperCase()}`;

function clientErrorCode(error: { name?: unknown }): string {
  if (error instanceof errors.ForbiddenError || error instanceof errors.UnauthorizedError) return 'FORBIDDEN';
  if (error instanceof errors.ValidationError) return 'BAD_USER_INPUT';
  return strapiErrorCode(typeof error.name === 'string' ? error.name : 'ApplicationError');
}

/** Without Apollo's stack trace (file paths): the log has it. */
function withoutStacktrace(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions || !('stacktrace' in formatted.extensions)) return formatted;
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}

/** The error a client is not meant to read, or null when `error` is one it is (a client or GraphQL error). */
export function unexpectedError(formatted: GraphQLFormattedError, error: unknown): unknown {
  const original = unwrapResolverError(error);
  // Apollo wraps what a plugin or the context threw as INTERNAL_SERVER_ERROR; the rest of GraphQL's errors are about the request.
  if (original instanceof GraphQLError) return formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' ? (original.originalError ?? original) : null;
  return isClientFacingError(original) ? null : original;
}

/**
 * The `formatError` option. `requestState` gives the current request's `ctx.state`, for its log line; an error
 * outside a request (none seen) is logged with `log`.
 */
export function formatGraphqlError(requestState: () => StateWithInternalError | undefined, log: (message: string) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const unexpected = unexpectedError(formatted, error);
    if (unexpected !== null) {
      let correlationId = recordInternalError(requestState(), unexpected);
      if (!correlationId) {
        correlationId = crypto.randomUUID();
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- logs whatever was thrown, as String() shows it
        log(`GraphQL error [${correlationId}]: ${unexpected instanceof Error ? (unexpected.stack ?? unexpected.message) : String(unexpected)}`);
      }
      return {
        message: INTERNAL_ERROR_MESSAGE,
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: 'INTERNAL_SERVER_ERROR', error: { name: 'InternalServerError', message: INTERNAL_ERROR_MESSAGE, details: { correlationId } } },
      };
    }
    const original = unwrapResolverError(error);
    if (original instanceof GraphQLError || !original || typeof original !== 'object') return withoutStacktrace(formatted);
    const { name, message, details } = original as { name?: unknown; message?: unknown; details?: unknown };
    const text = typeof message === 'string' ? message : formatted.message;
    return withoutStacktrace({
      ...formatted,
      message: text,
      extensions: { ...formatted.extensions, error: { name, message: text, details: details ?? {} }, code: clientErrorCode(original) },
    });
  };
}
