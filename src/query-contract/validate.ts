/**
 * validate(): the normalised query (parse.ts) against the contract (contract.ts). Returns the query
 * with `*` expanded and every filter value in its attribute's type, or throws Strapi's 400
 * ValidationError naming the parameter path and what is allowed there.
 */
import { listOf as namesOf, refuse } from './errors';
import type { FieldContract, LinkContract, ModelContract, QueryContract } from './contract';
import type { ContentQuery, FilterNode, PopulateNode, PopulateTree, SortItem } from './types';

interface Budget {
  conditions: number;
  populated: number;
  /** Filter conditions that go through a to-many relation (each is a join of its own). */
  toMany: number;
  /** Steps through relations and components in filters. */
  joins: number;
}

function modelOf(contract: QueryContract, uid: string): ModelContract {
  const model = contract.models[uid];
  if (!model) throw new Error(`No query contract for ${uid}`);
  return model;
}

const shortName = (uid: string) => uid.split('.').pop() ?? uid;

export function validateFields(model: ModelContract, fields: string[] | null, path: string, contract: QueryContract): string[] | null {
  if (fields === null) return null;
  if (fields.length > contract.limits.fieldNames) refuse(path, `at most ${contract.limits.fieldNames} fields`);
  fields.forEach((name, index) => {
    if (!model.fields[name])
      refuse(`${path}[${index}]`, `"${name}" is not a selectable field of ${shortName(model.uid)}; allowed: ${namesOf(Object.keys(model.fields))}`);
  });
  return [...new Set(fields)];
}

const sortableFields = (model: ModelContract) => Object.keys(model.fields).filter((name) => model.fields[name].sortable);

export function validateSort(model: ModelContract, sort: SortItem[], path: string, contract: QueryContract): SortItem[] {
  if (sort.length > contract.limits.sortItems) refuse(path, `at most ${contract.limits.sortItems} sort keys`);
  sort.forEach((item, index) => {
    const field = model.fields[item.field];
    if (!field?.sortable) {
      const why =
        item.field.includes('.') || model.links[item.field]
          ? 'sorting goes by own fields only, never through a relation'
          : `"${item.field}" is not a sortable field of ${shortName(model.uid)}`;
      refuse(`${path}[${index}]`, `${why}; allowed: ${namesOf(sortableFields(model))} with :asc or :desc`);
    }
  });
  return sort;
}

// --- filter values ------------------------------------------------------------------------------

const INT32 = 2 ** 31 - 1;

function scalarValue(field: FieldContract, raw: unknown, path: string, contract: QueryContract): unknown {
  const bad = (expected: string): never => refuse(path, `${JSON.stringify(raw)} is not ${expected}`);
  switch (field.type) {
    case 'integer': {
      const text = typeof raw === 'number' ? String(raw) : raw;
      if (typeof text !== 'string' || !/^-?\d{1,10}$/.test(text) || Math.abs(Number(text)) > INT32) return bad('an integer');
      return Number(text);
    }
    case 'biginteger': {
      const text = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
      if (typeof text !== 'string' || !/^-?\d{1,18}$/.test(text)) return bad('an integer');
      return text;
    }
    case 'float':
    case 'decimal': {
      const text = typeof raw === 'number' ? String(raw) : raw;
      if (typeof text !== 'string' || !/^-?\d{1,15}(\.\d{1,15})?$/.test(text)) return bad('a number');
      return Number(text);
    }
    case 'datetime':
    case 'timestamp': {
      if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw))
        return bad('a date-time such as 2026-01-31T12:00:00Z');
      const time = Date.parse(raw);
      if (Number.isNaN(time)) return bad('a date-time such as 2026-01-31T12:00:00Z');
      return new Date(time).toISOString();
    }
    case 'date':
      if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw))) return bad('a date such as 2026-01-31');
      return raw;
    case 'time':
      if (typeof raw !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?$/.test(raw)) return bad('a time such as 13:45');
      return raw;
    case 'boolean':
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      return bad('true or false');
    default: {
      // Text of every kind, uid, documentId, enumeration.
      if (typeof raw !== 'string') return bad('a text value');
      if (raw.length > contract.limits.valueLength) refuse(path, `at most ${contract.limits.valueLength} characters`);
      if (field.values && !field.values.includes(raw)) refuse(path, `${JSON.stringify(raw)} is not one of ${namesOf(field.values)}`);
      return raw;
    }
  }
}

function operatorValue(field: FieldContract, op: string, raw: unknown, path: string, contract: QueryContract): unknown {
  if (op === '$null' || op === '$notNull') {
    if (raw === true || raw === 'true') return true;
    if (raw === false || raw === 'false') return false;
    return refuse(path, `${op} takes true or false`);
  }
  if (op === '$in' || op === '$notIn') {
    const items = Array.isArray(raw) ? raw : [raw];
    if (items.length === 0 || items.length > contract.limits.listValues) refuse(path, `${op} takes 1 to ${contract.limits.listValues} values`);
    return items.map((item, index) => scalarValue(field, item, `${path}[${index}]`, contract));
  }
  if (op === '$between') {
    if (!Array.isArray(raw) || raw.length !== 2) refuse(path, '$between takes exactly two values, e.g. [$between][0]=a&[$between][1]=b');
    return (raw as unknown[]).map((item, index) => scalarValue(field, item, `${path}[${index}]`, contract));
  }
  if (raw === null) return refuse(path, `${op} takes a value; to match empty fields use $null`);
  if (Array.isArray(raw)) return refuse(path, `${op} takes one value; for a list use $in`);
  return scalarValue(field, raw, path, contract);
}

// --- filters ------------------------------------------------------------------------------------

const filterableFields = (model: ModelContract) => Object.keys(model.fields).filter((name) => model.fields[name].operators.length > 0);
const filterableLinks = (model: ModelContract) => Object.keys(model.links).filter((name) => model.links[name].kind !== 'media');

function whatCanBeFiltered(model: ModelContract): string {
  const links = filterableLinks(model);
  return `fields ${namesOf(filterableFields(model))}${links.length ? `; through ${namesOf(links)}` : ''}`;
}

interface FilterScope {
  contract: QueryContract;
  budget: Budget;
  relationLevels: number;
  logicalDepth: number;
  /** The attribute of this model that leads back to where the filter came from. */
  cameFrom: string | null;
  /** Inside a relation or component: Strapi reads `$not` there as a field operator and throws (a 500). */
  throughLink: boolean;
}

function validateFilterNode(model: ModelContract, node: FilterNode, path: string, scope: FilterScope): FilterNode {
  const { contract } = scope;
  switch (node.kind) {
    case 'and':
    case 'or':
    case 'not': {
      if (scope.logicalDepth >= contract.limits.filterLogicalDepth) refuse(path, `$and/$or/$not nest at most ${contract.limits.filterLogicalDepth} deep`);
      if (node.kind === 'not' && scope.throughLink)
        refuse(`${path}.$not`, '$not is allowed only outside relations and components; inside one, use the opposite operator ($ne, $notIn, $notContainsi, …)');
      const inner = { ...scope, logicalDepth: scope.logicalDepth + 1 };
      if (node.kind === 'not') return { kind: 'not', item: validateFilterNode(model, node.item, `${path}.$not`, inner) };
      return { kind: node.kind, items: node.items.map((item, index) => validateFilterNode(model, item, `${path}.$${node.kind}[${index}]`, inner)) };
    }
    case 'where': {
      const here = `${path}.${node.field}`;
      const link = model.links[node.field];
      if (link)
        refuse(
          here,
          `${node.field} is a ${link.kind}: filter through its fields, e.g. filters[${node.field}][${exampleField(scope.contract, link)}][$eq]=…; never an id or an operator on the ${link.kind} itself`,
        );
      const field = model.fields[node.field];
      if (!field || field.operators.length === 0)
        refuse(here, `"${node.field}" cannot be filtered on in ${shortName(model.uid)}; allowed: ${whatCanBeFiltered(model)}`);
      if (!field.operators.includes(node.op)) refuse(`${here}.${node.op}`, `not an operator for ${field.type} fields; allowed: ${namesOf(field.operators)}`);
      scope.budget.conditions += 1;
      if (scope.budget.conditions > contract.limits.filterConditions) refuse(here, `at most ${contract.limits.filterConditions} conditions in one request`);
      return { ...node, value: operatorValue(field, node.op, node.value, `${here}.${node.op}`, contract) };
    }
    case 'through': {
      const here = `${path}.${node.field}`;
      const link = model.links[node.field];
      if (!link || link.kind === 'media') {
        const what = model.fields[node.field]
          ? `${node.field} is a field: use an operator, e.g. filters[${node.field}][$eq]=…`
          : `"${node.field}" cannot be filtered on in ${shortName(model.uid)}`;
        refuse(here, `${what}; allowed: ${whatCanBeFiltered(model)}`);
      }
      const levels = scope.relationLevels + (link.kind === 'relation' ? 1 : 0);
      if (levels > contract.limits.filterRelationLevels) refuse(here, `filters go through at most ${contract.limits.filterRelationLevels} relations`);
      // Strapi joins each condition on its own: a filter back the way it came, or through two to-many relations,
      // multiplies rows (articles.section.articles joined 20 000 × 1 000 rows and held the server for minutes).
      if (node.field === scope.cameFrom) refuse(here, 'goes back the way it came');
      scope.budget.joins += 1;
      if (scope.budget.joins > contract.limits.filterJoins)
        refuse(here, `filters go through relations and components at most ${contract.limits.filterJoins} times per request`);
      if (link.kind === 'relation' && link.toMany) {
        if (scope.relationLevels > 0) refuse(here, `a to-many relation (${node.field}) can only be the first step of a filter`);
        scope.budget.toMany += 1;
        if (scope.budget.toMany > 1)
          refuse(here, `one condition per request may go through a to-many relation; combine them inside it, e.g. filters[${node.field}][$or][0][…]`);
      }
      const inner = { ...scope, relationLevels: levels, cameFrom: link.kind === 'relation' ? link.inverse : null, throughLink: true };
      return { kind: 'through', field: node.field, where: validateFilterNode(modelOf(contract, link.target), node.where, here, inner) };
    }
  }
}

function exampleField(contract: QueryContract, link: LinkContract): string {
  const target = contract.models[link.target];
  return target?.fields.slug ? 'slug' : ((target ? filterableFields(target)[0] : undefined) ?? 'documentId');
}

export function validateFilters(
  contract: QueryContract,
  uid: string,
  filters: FilterNode | null,
  path: string,
  budget: Budget = { conditions: 0, populated: 0, toMany: 0, joins: 0 },
): FilterNode | null {
  if (filters === null) return null;
  return validateFilterNode(modelOf(contract, uid), filters, path, {
    contract,
    budget,
    relationLevels: 0,
    logicalDepth: 0,
    cameFrom: null,
    throughLink: false,
  });
}

// --- populate -----------------------------------------------------------------------------------

interface PopulateScope {
  contract: QueryContract;
  budget: Budget;
  relationLevels: number;
  /** The attribute of this model that leads back to where the path came from. */
  cameFrom: string | null;
}

const leaf = (): PopulateNode => ({ fields: null, populate: {}, filters: null, sort: [], count: false });

function validatePopulateTree(model: ModelContract, tree: PopulateTree, path: string, scope: PopulateScope): PopulateTree {
  const { contract } = scope;
  const allowed = Object.keys(model.links).filter((name) => name !== scope.cameFrom);
  let entries = Object.entries(tree);
  if (tree['*']) {
    if (scope.relationLevels > 0 || path !== 'populate')
      refuse(`${path}.*`, `\`*\` is allowed at the first level only; name the attributes: ${namesOf(allowed)}`);
    if (entries.length > 1) refuse(path, '`*` populates every first-level attribute; name them instead of mixing');
    entries = allowed.map((name) => [name, leaf()]);
  }
  const result: PopulateTree = {};
  for (const [name, node] of entries) {
    const here = `${path}.${name}`;
    const link = model.links[name];
    if (!link) refuse(here, `not a relation, media or component of ${shortName(model.uid)}; allowed: ${namesOf(allowed)}`);
    if (name === scope.cameFrom) refuse(here, `goes back the way it came; allowed: ${namesOf(allowed)}`);
    const levels = scope.relationLevels + (link.kind === 'relation' ? 1 : 0);
    if (levels > contract.limits.populateRelationLevels) refuse(here, `populate follows at most ${contract.limits.populateRelationLevels} relations in a path`);
    scope.budget.populated += 1;
    if (scope.budget.populated > contract.limits.populatedAttributes)
      refuse(here, `at most ${contract.limits.populatedAttributes} relations, media and components in one request`);
    const target = modelOf(contract, link.target);
    if (link.kind !== 'relation') {
      if (node.filters || node.sort.length || node.count) refuse(here, `a ${link.kind} takes fields${link.kind === 'component' ? ' and populate' : ''} only`);
    }
    if (node.count && !link.toMany) refuse(`${here}.count`, 'count applies to to-many relations only');
    if (link.kind === 'media' && Object.keys(node.populate).length) refuse(`${here}.populate`, 'media have nothing to populate');
    result[name] = {
      fields: validateFields(target, node.fields, `${here}.fields`, contract),
      // Nested paths read populate.section.articles: the attribute chain, as the dotted form writes it.
      populate: validatePopulateTree(target, node.populate, here, {
        contract,
        budget: scope.budget,
        relationLevels: levels,
        cameFrom: link.kind === 'relation' ? link.inverse : null,
      }),
      filters: node.filters
        ? validateFilterNode(target, node.filters, `${here}.filters`, {
            contract,
            budget: scope.budget,
            relationLevels: 0,
            logicalDepth: 0,
            cameFrom: null,
            throughLink: false,
          })
        : null,
      sort: validateSort(target, node.sort, `${here}.sort`, contract),
      count: node.count,
    };
  }
  return result;
}

/**
 * The query of a read of `uid` against the contract: the query to run (`*` expanded, values typed),
 * or a 400 ValidationError for the first thing outside the contract.
 */
export function validate(contract: QueryContract, uid: string, query: ContentQuery): ContentQuery {
  const model = modelOf(contract, uid);
  const budget: Budget = { conditions: 0, populated: 0, toMany: 0, joins: 0 };
  return {
    ...query,
    fields: validateFields(model, query.fields, 'fields', contract),
    populate: validatePopulateTree(model, query.populate, 'populate', { contract, budget, relationLevels: 0, cameFrom: null }),
    filters: validateFilters(contract, uid, query.filters, 'filters', budget),
    sort: validateSort(model, query.sort, 'sort', contract),
  };
}
