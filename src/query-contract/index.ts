/**
 * The reader query contract (issue 11 item 1): one allow-list for every content-API read, REST and
 * GraphQL. parse.ts reads every syntax into one form, contract.ts derives what each type allows from
 * its schema, validate.ts checks, strapi-form.ts hands Strapi exactly what was checked.
 */
import type { Core } from '@strapi/strapi';
import { buildQueryContract, READER_UIDS, type QueryContract, type SchemaModel } from './contract';

export * from './contract';
export * from './types';
export { parseContentQuery, parseFilters, parsePopulate, parseSort, parseFields } from './parse';
export { validate, validateFilters, validateSort } from './validate';
export { toStrapiQuery, filtersToStrapi } from './strapi-form';

const contracts = new WeakMap<Core.Strapi, QueryContract>();

/** The contract of this Strapi's reader types, derived from its schemas once (they do not change while it runs). */
export function readerQueryContract(strapi: Core.Strapi): QueryContract {
  let contract = contracts.get(strapi);
  if (!contract) {
    contract = buildQueryContract(
      {
        contentType: (uid) => (strapi.contentTypes as unknown as Record<string, SchemaModel | undefined>)[uid],
        component: (uid) => (strapi.components as unknown as Record<string, SchemaModel | undefined>)[uid],
      },
      READER_UIDS,
    );
    contracts.set(strapi, contract);
  }
  return contract;
}
