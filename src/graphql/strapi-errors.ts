/**
 * GraphQL errors in Strapi's error format: the 400 refusals of the limits, names for the errors GraphQL
 * itself raises, and the 503 of a statement stopped at its deadline.
 */
import { GraphQLError } from 'graphql';
import { DEADLINE_MESSAGE, isStatementDeadline } from '../database/statement-deadline';

/** A 400 refusal with Strapi's error name, as the GraphQL plugin shapes Strapi's own errors. */
export function refusal(message: string, details: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'GRAPHQL_VALIDATION_FAILED',
      error: { name: 'ValidationError', message, details },
      http: { status: 400 },
    },
  });
}
/** Strapi's error name for errors GraphQL itself raises (parse and validation errors, bad variables). */
const ERROR_NAME_BY_CODE: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: 'ValidationError',
  GRAPHQL_VALIDATION_FAILED: 'ValidationError',
  BAD_USER_INPUT: 'ValidationError',
  BAD_REQUEST: 'BadRequestError',
  OPERATION_RESOLUTION_FAILURE: 'ValidationError',
  PERSISTED_QUERY_NOT_FOUND: 'NotFoundError',
  PERSISTED_QUERY_NOT_SUPPORTED: 'BadRequestError',
};

type FormattedError = { message: string; extensions?: Record<string, unknown> };

/** Adds `extensions.error: { name, message, details }` to errors GraphQL raised, as the Strapi plugin gives its own errors. */
export function withStrapiErrorName(error: FormattedError): FormattedError {
  const code = error.extensions?.code;
  if (error.extensions?.error || typeof code !== 'string' || !ERROR_NAME_BY_CODE[code]) return error;
  return { ...error, extensions: { ...error.extensions, error: { name: ERROR_NAME_BY_CODE[code], message: error.message, details: {} } } };
}

/** An Apollo Server plugin applying withStrapiErrorName to every error of a response. */
export const strapiErrorNamesPlugin = {
  // eslint-disable-next-line @typescript-eslint/require-await -- Apollo types its plugin hooks as returning Promises
  async requestDidStart() {
    return {
      // eslint-disable-next-line @typescript-eslint/require-await -- Apollo types its plugin hooks as returning Promises
      async willSendResponse({ response }: { response: { body: { kind: string; singleResult?: { errors?: readonly FormattedError[] } } } }) {
        const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
        if (result?.errors) result.errors = result.errors.map(withStrapiErrorName);
      },
    };
  },
};

/**
 * An Apollo Server plugin: an operation during which PostgreSQL stopped a statement at its deadline
 * (src/database/statement-deadline.ts) answers 503 ServiceUnavailableError, without the SQL.
 */
export const statementDeadlinePlugin = {
  // eslint-disable-next-line @typescript-eslint/require-await -- Apollo types its plugin hooks as returning Promises
  async requestDidStart() {
    let hitDeadline = false;
    return {
      // eslint-disable-next-line @typescript-eslint/require-await -- Apollo types its plugin hooks as returning Promises
      async didEncounterErrors({ errors }: { errors: readonly GraphQLError[] }) {
        if (errors.some((error) => isStatementDeadline(error))) hitDeadline = true;
      },
      // eslint-disable-next-line @typescript-eslint/require-await -- Apollo types its plugin hooks as returning Promises
      async willSendResponse({
        response,
      }: {
        response: { http?: { status?: number }; body: { kind: string; singleResult?: { errors?: readonly FormattedError[] } } };
      }) {
        if (!hitDeadline) return;
        if (response.http) response.http.status = 503;
        const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
        if (result) {
          result.errors = [
            {
              message: DEADLINE_MESSAGE,
              extensions: { code: 'SERVICE_UNAVAILABLE', error: { name: 'ServiceUnavailableError', message: DEADLINE_MESSAGE, details: {} } },
            },
          ];
        }
      },
    };
  },
};
