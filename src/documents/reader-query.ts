/**
 * Reader rules for what a read reaches through relations. A reader read asks for published versions,
 * and Strapi passes that status on to populated relations, but not further:
 * - a rule beyond the status (a teaser's window, its article being published) is not passed on:
 *   `/api/sections?populate=teasers` would list every published teaser of the section;
 * - filters that go through a relation match every version of the related documents:
 *   `/api/sections?filters[articles][title][$startsWith]=Emb` finds a section by the title of a draft,
 *   which spells out a draft one letter at a time.
 * `restrictPopulate` and `restrictFilters` add the reader rules to every relation a read populates or
 * filters through, at any depth, whichever form the parameters took.
 *
 * Pure: the models are looked up through `attributesOf`, the rules through `populated` and `filtered`.
 */
import { toGraphqlFilters } from '../visibility/document-filters';

/** As much of an attribute as populating and filtering need. */
export interface QueryAttribute {
  type: string;
  target?: string;
  component?: string;
}

/** The attributes of a content type or component, by uid (undefined when there is no such model). */
export type AttributesOf = (uid: string) => Record<string, QueryAttribute> | undefined;

/** Filters (Strapi's form) that a read must AND for related documents of `targetUid`, or null for none. */
export type RuleFor = (targetUid: string) => Array<Record<string, unknown>> | null;

export interface ReaderRules {
  attributesOf: AttributesOf;
  /** For populated relations: what the status Strapi passes on does not cover. */
  populated: RuleFor;
  /** For filters through relations: everything, the status included (nothing is passed on there). */
  filtered: RuleFor;
}

type Entries = Record<string, unknown>;

/** What `populate=*` populates: every relation, media, component and dynamic zone of the model. */
const POPULATABLE = new Set(['relation', 'media', 'component', 'dynamiczone']);

const isPlainObject = (value: unknown): value is Entries => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** The model an attribute leads to, when it can hold relations of ours: relations and components. */
function targetOf(attribute: QueryAttribute | undefined): string | null {
  if (attribute?.type === 'relation') return attribute.target ?? null;
  if (attribute?.type === 'component') return attribute.component ?? null;
  // Media lead to upload files; dynamic zones are populated with `on` fragments or `*` only.
  return null;
}

/** `filters` and the rule, ANDed; the rule alone when there are no filters. */
function and(filters: unknown, rule: unknown[], form: 'strapi' | 'graphql'): Entries {
  const key = form === 'strapi' ? '$and' : 'and';
  return { [key]: [...(filters === undefined || filters === null ? [] : [filters]), ...rule] };
}

const LOGICAL = new Set(['$and', '$or', '$not', 'and', 'or', 'not']);

/**
 * Filters of a read of `uid`, with the reader rule of each related model ANDed inside every condition
 * that goes through a relation (nested ones included): "a section with an article titled X" becomes
 * "a section with a *published* article titled X". `form` is Strapi's (`$and`, REST and the Document
 * Service) or GraphQL's (`and`, nested GraphQL arguments). Returns the filters themselves, untouched,
 * when no relation is involved.
 */
export function restrictFilters(filters: unknown, uid: string, rules: ReaderRules, form: 'strapi' | 'graphql' = 'strapi'): unknown {
  if (Array.isArray(filters)) {
    const items = filters.map((item) => restrictFilters(item, uid, rules, form));
    return items.some((item, index) => item !== filters[index]) ? items : filters;
  }
  const attributes = rules.attributesOf(uid);
  if (!isPlainObject(filters) || !attributes) return filters;

  let changed = false;
  const restricted: Entries = {};
  for (const [key, value] of Object.entries(filters)) {
    let next = value;
    if (LOGICAL.has(key)) {
      next = restrictFilters(value, uid, rules, form);
    } else {
      const attribute = attributes[key];
      const target = targetOf(attribute);
      // A bare value on a relation (`filters[section]=3`) compares ids and reveals no text: left as is.
      if (target && isPlainObject(value)) {
        next = restrictFilters(value, target, rules, form);
        const rule = attribute?.type === 'relation' ? rules.filtered(target) : null;
        if (rule && rule.length > 0) next = and(next, form === 'strapi' ? rule : (toGraphqlFilters(rule) as unknown[]), form);
      }
    }
    restricted[key] = next;
    if (next !== value) changed = true;
  }
  return changed ? restricted : filters;
}

/** `'a,b.c'` and `['a', 'b.c']` as an object (`{ a: true, b: { populate: ['c'] } }`), the way Strapi's query layer reads them. */
function entriesOfPaths(paths: string[]): Entries {
  const entries: Entries = {};
  for (const path of paths.map((value) => value.trim()).filter(Boolean)) {
    const [root, ...rest] = path.split('.');
    if (rest.length === 0) {
      entries[root] = entries[root] ?? true;
      continue;
    }
    const current = entries[root];
    const nested = isPlainObject(current) && Array.isArray(current.populate) ? (current.populate as string[]) : [];
    entries[root] = { populate: [...nested, rest.join('.')] };
  }
  return entries;
}

/**
 * Any form Strapi accepts (`*`, `true`, `'a,b.c'`, `['a', 'b.c']`, an object) as an object keyed by attribute, or
 * null when it populates nothing. Shared by the reader rules and the populate budget (populate-budget.ts).
 */
export function populateEntries(populate: unknown, attributes: Record<string, QueryAttribute>): Entries | null {
  if (populate === '*' || populate === true || populate === 'true') {
    return Object.fromEntries(
      Object.entries(attributes)
        .filter(([, attribute]) => POPULATABLE.has(attribute.type))
        .map(([name]) => [name, true]),
    );
  }
  if (typeof populate === 'string') return entriesOfPaths(populate.split(','));
  if (Array.isArray(populate) && populate.every((value) => typeof value === 'string'))
    return entriesOfPaths(populate.flatMap((value: string) => value.split(',')));
  if (isPlainObject(populate)) return populate;
  return null;
}

/** `false`, `'false'`, null: the relation is not populated. */
const populatesNothing = (value: unknown) => value === false || value === 'false' || value === null || value === undefined;

/**
 * The populate parameter of a read of `uid`, with the reader rule added to every populated relation
 * (nested ones included) and to the filters given for it. Returns the parameter itself, untouched, when
 * no populated relation has a rule.
 */
export function restrictPopulate(populate: unknown, uid: string, rules: ReaderRules): unknown {
  const attributes = rules.attributesOf(uid);
  if (!attributes) return populate;
  const entries = populateEntries(populate, attributes);
  if (!entries) return populate;

  let changed = false;
  const restricted: Entries = {};
  for (const [name, value] of Object.entries(entries)) {
    const attribute = attributes[name];
    const target = targetOf(attribute);
    if (!target || populatesNothing(value)) {
      restricted[name] = value;
      continue;
    }
    // `true`, `'true'`, `'*'`: the relation with its default fields and nothing nested.
    const options: Entries = isPlainObject(value) ? value : {};
    let next = options;
    if (options.populate !== undefined) {
      const nested = restrictPopulate(options.populate, target, rules);
      if (nested !== options.populate) next = { ...next, populate: nested };
    }
    const filters = options.filters === undefined ? undefined : restrictFilters(options.filters, target, rules);
    const rule = attribute?.type === 'relation' ? rules.populated(target) : null;
    if (rule && rule.length > 0) next = { ...next, filters: and(filters, rule, 'strapi') };
    else if (filters !== options.filters) next = { ...next, filters };
    restricted[name] = next === options ? value : next;
    if (next !== options) changed = true;
  }
  return changed ? restricted : populate;
}
