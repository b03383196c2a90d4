/**
 * The reader query contract, derived from the schemas at boot and exported as data (feeds, search
 * and an OpenAPI generator read it too): per content type, which fields may be selected, sorted and
 * filtered with which operators, and which relations, media and components may be populated or
 * filtered through. Pure: built from plain model definitions, so unit tests build it without Strapi.
 */

/** Bounds of every reader query. */
export const CONTRACT_LIMITS = {
  /** Relations followed in one populate path (components and media do not count: they add no rows of their own kind). */
  populateRelationLevels: 2,
  /** Populated attributes (relations, media, components) in one request. */
  populatedAttributes: 8,
  /** Relations one filter condition may go through. */
  filterRelationLevels: 2,
  /** Steps through relations and components in all filters of a request: each is a join of its own (SQLite joins at most 64 tables). */
  filterJoins: 8,
  /** Nesting of $and/$or/$not. */
  filterLogicalDepth: 4,
  /** Field conditions in one request (populate filters included). */
  filterConditions: 40,
  /** Values of one $in/$notIn. */
  listValues: 100,
  /** Characters of one filter value. */
  valueLength: 1000,
  /** Sort keys of one list. */
  sortItems: 5,
  /** Names of one `fields` list. */
  fieldNames: 40,
} as const;

export type ContractLimits = { [K in keyof typeof CONTRACT_LIMITS]: number };

const STRING_OPERATORS = [
  '$eq',
  '$eqi',
  '$ne',
  '$nei',
  '$in',
  '$notIn',
  '$contains',
  '$containsi',
  '$notContains',
  '$notContainsi',
  '$startsWith',
  '$startsWithi',
  '$endsWith',
  '$endsWithi',
  '$null',
  '$notNull',
];
const ORDERED_OPERATORS = ['$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$in', '$notIn', '$between', '$null', '$notNull'];
const EXACT_OPERATORS = ['$eq', '$ne', '$in', '$notIn', '$null', '$notNull'];

/** Filter operators per attribute type; a type absent here (json, blocks, media, password) is neither filtered nor sorted on. */
export const OPERATORS_BY_TYPE: Record<string, readonly string[]> = {
  string: STRING_OPERATORS,
  text: STRING_OPERATORS,
  richtext: STRING_OPERATORS,
  email: STRING_OPERATORS,
  uid: STRING_OPERATORS,
  enumeration: EXACT_OPERATORS,
  integer: ORDERED_OPERATORS,
  biginteger: ORDERED_OPERATORS,
  float: ORDERED_OPERATORS,
  decimal: ORDERED_OPERATORS,
  date: ORDERED_OPERATORS,
  time: ORDERED_OPERATORS,
  datetime: ORDERED_OPERATORS,
  timestamp: ORDERED_OPERATORS,
  boolean: ['$eq', '$ne', '$null', '$notNull'],
  documentId: ['$eq', '$ne', '$in', '$notIn'],
};

const SCALAR_TYPES = new Set([...Object.keys(OPERATORS_BY_TYPE), 'json', 'blocks']);

export interface FieldContract {
  type: string;
  /** Filter operators allowed; empty: not filterable. */
  operators: readonly string[];
  sortable: boolean;
  /** Values of an `enumeration`. */
  values?: readonly string[];
}

export interface LinkContract {
  kind: 'relation' | 'media' | 'component';
  target: string;
  toMany: boolean;
  /** The attribute of the target that leads back here (a populate never follows it). */
  inverse: string | null;
}

export interface ModelContract {
  uid: string;
  kind: 'content-type' | 'component' | 'media';
  /** Selectable scalar fields, with what filters and sort may do with each. */
  fields: Record<string, FieldContract>;
  /** Populatable attributes; relations and components may also be filtered through. */
  links: Record<string, LinkContract>;
}

export interface QueryContract {
  models: Record<string, ModelContract>;
  limits: ContractLimits;
}

/** As much of a Strapi model definition as the contract reads. */
export interface SchemaAttribute {
  type: string;
  private?: boolean;
  relation?: string;
  target?: string;
  inversedBy?: string;
  mappedBy?: string;
  component?: string;
  repeatable?: boolean;
  multiple?: boolean;
  enum?: string[];
}
export interface SchemaModel {
  attributes: Record<string, SchemaAttribute>;
}

/** Where the contract finds model definitions, by any uid (unknown: undefined). */
export interface SchemaLookup {
  contentType: (uid: string) => SchemaModel | undefined;
  component: (uid: string) => SchemaModel | undefined;
}

export const MEDIA_UID = 'plugin::upload.file';

/**
 * A lookup table without a prototype: `fields['__proto__']`, `links['constructor']` are undefined like any
 * unknown name (on a plain object they find Object.prototype and a client's `fields=__proto__` passed).
 */
export const lookupTable = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

function fieldOf(attribute: SchemaAttribute): FieldContract {
  const operators = OPERATORS_BY_TYPE[attribute.type] ?? [];
  return { type: attribute.type, operators, sortable: operators.length > 0, ...(attribute.enum ? { values: attribute.enum } : {}) };
}

/**
 * The contract of the reader types `readerUids` and of every component and media model they reach.
 * Fields: `documentId` and every non-private scalar attribute (Strapi's own createdAt, updatedAt and
 * publishedAt included: Strapi returns them by default, and for a published version they say no
 * more than the response does). Private attributes (scheduledAt, createdBy, locale) never appear.
 * Links: non-private relations to reader types only (a relation to admin users or to any type the
 * public cannot read is not offered), media, components.
 */
export function buildQueryContract(lookup: SchemaLookup, readerUids: readonly string[], limits: ContractLimits = CONTRACT_LIMITS): QueryContract {
  const models = lookupTable<ModelContract>();
  const pending: Array<{ uid: string; kind: ModelContract['kind'] }> = readerUids.map((uid) => ({ uid, kind: 'content-type' }));
  while (pending.length) {
    const { uid, kind } = pending.shift()!;
    if (models[uid]) continue;
    const schema = kind === 'component' ? lookup.component(uid) : lookup.contentType(uid);
    if (!schema) throw new Error(`The query contract found no model ${uid}`);
    const model: ModelContract = { uid, kind, fields: lookupTable(), links: lookupTable() };
    if (kind !== 'component') model.fields.documentId = fieldOf({ type: 'documentId' });
    for (const [name, attribute] of Object.entries(schema.attributes)) {
      if (attribute.private) continue;
      if (SCALAR_TYPES.has(attribute.type)) model.fields[name] = fieldOf(attribute);
      // Media are leaves: nothing is populated or filtered beyond a file.
      if (kind === 'media') continue;
      if (attribute.type === 'relation' && attribute.target && readerUids.includes(attribute.target)) {
        model.links[name] = {
          kind: 'relation',
          target: attribute.target,
          toMany: /Many$/.test(attribute.relation ?? ''),
          inverse: attribute.inversedBy ?? attribute.mappedBy ?? null,
        };
      } else if (attribute.type === 'media') {
        model.links[name] = { kind: 'media', target: MEDIA_UID, toMany: attribute.multiple === true, inverse: null };
        pending.push({ uid: MEDIA_UID, kind: 'media' });
      } else if (attribute.type === 'component' && attribute.component) {
        model.links[name] = { kind: 'component', target: attribute.component, toMany: attribute.repeatable === true, inverse: null };
        pending.push({ uid: attribute.component, kind: 'component' });
      }
    }
    models[uid] = model;
  }
  return { models, limits };
}

/** The content types readers query through the content API. */
export const READER_UIDS = ['api::article.article', 'api::section.section', 'api::teaser.teaser'] as const;
