import { errors } from '@strapi/utils';

/** Details of a refused query parameter, in the shape Strapi's own query validation gives. */
export interface RefusalDetails {
  source: 'query';
  /** The top-level parameter: `filters`, `sort`, `populate`, … */
  param: string;
  /** Where inside it: `filters.articles`, `sort[0]`, `populate.section.articles`. */
  path: string;
  key: string;
}

/** Strapi's 400 ValidationError naming the parameter path and saying what is allowed there. */
export function refuse(path: string, message: string): never {
  const param = path.split(/[.[]/)[0];
  const key = path
    .split('.')
    .pop()!
    .replace(/\[\d+\]$/, '');
  const details: RefusalDetails = { source: 'query', param, path, key };
  throw new errors.ValidationError(`${path}: ${message}`, details);
}

/** "a, b, c" or "nothing" for a message that lists what is allowed. */
export const listOf = (names: readonly string[]) => (names.length ? names.join(', ') : 'nothing');
