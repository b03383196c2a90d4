/**
 * JSON Schemas (OpenAPI 3.1 dialect) of what the reader query contract lets a reader select: one
 * component per model (content types, components, media) with its selectable fields and populatable
 * links, and one filter component per model with the operators the contract allows per field.
 */
import { MEDIA_UID, type FieldContract, type ModelContract, type QueryContract } from '../query-contract';

export type JsonSchema = Record<string, unknown>;

/** `api::article.article` → `Article`, `shared.seo` → `SharedSeo`, `plugin::upload.file` → `UploadFile`. */
export function schemaName(uid: string): string {
  const words = uid === MEDIA_UID ? ['upload', 'file'] : uid.startsWith('api::') ? [uid.split('.').pop()!] : uid.split(/[.:]+/);
  return words.map((word) => word.replace(/(^|-)(\w)/g, (_match, _dash: string, letter: string) => letter.toUpperCase())).join('');
}

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: JsonSchema): JsonSchema => ({ oneOf: [schema, { type: 'null' }] });

/** The JSON a field's value has in a response (dates are ISO strings; biginteger is a string in JSON). */
export function valueSchema(field: FieldContract): JsonSchema {
  switch (field.type) {
    case 'documentId':
      return { type: 'string' };
    case 'integer':
      return { type: ['integer', 'null'] };
    case 'float':
    case 'decimal':
      return { type: ['number', 'null'] };
    case 'biginteger':
      return { type: ['string', 'integer', 'null'] };
    case 'boolean':
      return { type: ['boolean', 'null'] };
    case 'datetime':
    case 'timestamp':
      return { type: ['string', 'null'], format: 'date-time' };
    case 'date':
      return { type: ['string', 'null'], format: 'date' };
    case 'enumeration':
      return { enum: [...(field.values ?? []), null] };
    case 'json':
      return {};
    case 'blocks':
      return { type: ['array', 'null'], items: { type: 'object' } };
    default:
      return { type: ['string', 'null'] };
  }
}

/** A model as a response shows it: `id`, its selected fields, and the links a `populate` asked for (all optional, nothing else). */
function modelSchema(model: ModelContract, extra: Record<string, JsonSchema>): JsonSchema {
  const properties: Record<string, JsonSchema> = { id: { type: 'integer' } };
  for (const [name, field] of Object.entries(model.fields)) properties[name] = valueSchema(field);
  for (const [name, link] of Object.entries(model.links)) {
    const target = ref(schemaName(link.target));
    // A to-many relation may be asked for as `populate[name][count]=true`.
    properties[name] = link.toMany
      ? link.kind === 'relation'
        ? { oneOf: [{ type: 'array', items: target }, ref('RelationCount')] }
        : { type: 'array', items: target }
      : nullable(target);
  }
  return { type: 'object', properties: { ...properties, ...extra }, additionalProperties: false };
}

const operatorValue = (field: FieldContract, operator: string, limits: QueryContract['limits']): JsonSchema => {
  const one: JsonSchema = field.values ? { enum: field.values } : { type: ['string', 'number', 'boolean'], maxLength: limits.valueLength };
  if (operator === '$null' || operator === '$notNull') return { type: ['boolean', 'string'], enum: [true, false, 'true', 'false'] };
  if (operator === '$in' || operator === '$notIn') return { type: 'array', items: one, minItems: 1, maxItems: limits.listValues };
  if (operator === '$between') return { type: 'array', items: one, minItems: 2, maxItems: 2 };
  return one;
};

/** The `filters` a model takes: per field its operators, per relation or component the target's filters, and `$and`/`$or`/`$not`. */
function filterSchema(model: ModelContract, contract: QueryContract): JsonSchema {
  const self = ref(`${schemaName(model.uid)}Filters`);
  const properties: Record<string, JsonSchema> = {
    $and: { type: 'array', items: self, minItems: 1 },
    $or: { type: 'array', items: self, minItems: 1 },
  };
  // $not only outside relations and components (src/query-contract/validate.ts); a model's own filters are where it is allowed.
  if (model.kind === 'content-type') properties.$not = self;
  for (const [name, field] of Object.entries(model.fields)) {
    if (!field.operators.length) continue;
    properties[name] = {
      type: 'object',
      properties: Object.fromEntries(field.operators.map((operator) => [operator, operatorValue(field, operator, contract.limits)])),
      additionalProperties: false,
    };
  }
  for (const [name, link] of Object.entries(model.links)) {
    if (link.kind !== 'media') properties[name] = ref(`${schemaName(link.target)}Filters`);
  }
  return { type: 'object', properties, additionalProperties: false };
}

/** Component schemas of every model of the contract, their filters, and the `{ count }` of a counted relation. */
export function contractSchemas(contract: QueryContract, extraProperties: Record<string, Record<string, JsonSchema>> = {}): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {
    RelationCount: { type: 'object', properties: { count: { type: 'integer', minimum: 0 } }, required: ['count'], additionalProperties: false },
  };
  for (const model of Object.values(contract.models)) {
    const name = schemaName(model.uid);
    schemas[name] = modelSchema(model, extraProperties[model.uid] ?? {});
    if (model.kind !== 'media') schemas[`${name}Filters`] = filterSchema(model, contract);
  }
  return schemas;
}
