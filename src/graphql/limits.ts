/**
 * The limits of the public GraphQL endpoint, checked before any resolver runs: input that GraphQL or the
 * database cannot take (deep variables, NUL characters), the number of root fields, and the cost of the
 * operation (how it is priced: src/graphql/cost.ts). Each refusal is a 400 in Strapi's error format.
 */
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { containsNul, jsonDepth } from '../http/request-params';
import { operationComplexity, rootFieldCount, type ComplexityLimits } from './cost';
import { refusal } from './strapi-errors';

// The response plugins config/plugins.ts installs with the limits.
export { statementDeadlinePlugin, strapiErrorNamesPlugin } from './strapi-errors';

/** How deeply variables may nest (filters of filters…); GraphQL coerces them recursively. */
export const MAX_VARIABLES_DEPTH = 32;

export interface OperationLimits extends ComplexityLimits {
  /** Operations with more root fields (aliases counted) are refused. */
  maxRootFields: number;
}

interface OperationRequestContext {
  request: { variables?: Record<string, unknown>; operationName?: string | null; query?: string };
  document: DocumentNode;
  schema: GraphQLSchema;
  operationName?: string | null;
}

/** `\\u0000` written in a GraphQL string literal. */
const ESCAPED_NUL = /\\u0000/;

/**
 * Refuses, with a 400, variables nested deeper than MAX_VARIABLES_DEPTH (GraphQL coerces them
 * recursively) and NUL characters in variables or string literals (PostgreSQL refuses them in any
 * text parameter: a 500 otherwise).
 */
export function checkOperationInput(request: { variables?: Record<string, unknown>; query?: string }): void {
  if (jsonDepth(request.variables, MAX_VARIABLES_DEPTH) > MAX_VARIABLES_DEPTH) {
    throw refusal(`The variables are nested more than ${MAX_VARIABLES_DEPTH} levels deep`, {});
  }
  if (containsNul(request.variables) || ESCAPED_NUL.test(request.query ?? '')) {
    throw refusal('The operation contains a NUL character (\\u0000)', {});
  }
}

/**
 * An Apollo Server plugin that checks each operation's input (checkOperationInput), then refuses it
 * when it has more than `limits.maxRootFields` root fields or costs more than `limits.maxComplexity`:
 * each with a 400, before any resolver runs.
 */
export function operationLimitsPlugin(limits: OperationLimits) {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- Apollo types its plugin hooks as returning Promises
    async requestDidStart() {
      return {
        // eslint-disable-next-line @typescript-eslint/require-await -- Apollo types its plugin hooks as returning Promises
        async didResolveOperation({ request, document, schema, operationName }: OperationRequestContext) {
          checkOperationInput(request);
          const rootFields = rootFieldCount(document, operationName ?? request.operationName);
          if (rootFields > limits.maxRootFields) {
            throw refusal(
              `The query asks for ${rootFields} root fields (aliases included), at most ${limits.maxRootFields} are allowed. Ask for fewer at once.`,
              {
                rootFields,
                maxRootFields: limits.maxRootFields,
              },
            );
          }
          const complexity = operationComplexity(schema, document, {
            variables: request.variables,
            operationName: operationName ?? request.operationName,
            limits,
          });
          if (complexity !== null && complexity > limits.maxComplexity) {
            throw refusal(
              `The query is too expensive: it costs ${complexity}, at most ${limits.maxComplexity} is allowed. Ask for fewer items or fewer nested lists.`,
              {
                complexity,
                maxComplexity: limits.maxComplexity,
              },
            );
          }
        },
      };
    },
  };
}
