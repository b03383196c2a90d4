/**
 * The reader query contract (issue 11 item 1): one allow-list for every content-API read, REST and
 * GraphQL. parse.ts reads every syntax into one form, contract.ts derives what each type allows from
 * its schema, validate.ts checks, strapi-form.ts hands Strapi exactly what was checked.
 */
import type { Core } from '@strapi/strapi';
import { buildQueryContract, READER_UIDS, type QueryContract } from './contract';
import { strapiSchemas } from './schemas';

export * from './contract';
export * from './types';
export * from './schemas';
export { parseContentQuery, parseFilters, parsePopulate, parseSort, parseFields } from './parse';
export { validate, validateFilters, validateSort } from './validate';
export { toStrapiQuery, filtersToStrapi } from './strapi-form';

const contracts = new WeakMap<Core.Strapi, QueryContract>();

/** The contract of this Strapi's reader types, derived from its schemas once (they do not change while it runs). */
export function readerQueryContract(strapi: Core.Strapi): QueryContract {
  let contract = contracts.get(strapi);
  if (!contract) {
    contract = buildQueryContract(strapiSchemas(strapi), READER_UIDS);
    contracts.set(strapi, contract);
  }
  return contract;
}
