/**
 * A bound on the rows a populated to-many relation brings to one reader read. Strapi populates every
 * related row: `/api/sections?populate=articles` on a section of 10 000 articles would load, sanitise and
 * serialise all of them on the event loop. Each to-many relation a reader read populates (at any depth)
 * is asked for at most `maxRows + 1` rows, and a read that gets more than `maxRows` is refused with a 400:
 * an answer with a list cut at an arbitrary row would look complete and be wrong.
 *
 * Strapi runs one query per populated relation for all parent rows together (`WHERE parent IN (…)`), so
 * the limit counts the rows of that relation over the whole page, not per parent. The rows counted are
 * the ones a reader may see: the reader rules are filters of the same query (reader-visibility.ts).
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { populateEntries } from './reader-query';
import { isReaderRequest } from './reader-visibility';

interface Attribute {
  type: string;
  relation?: string;
  target?: string;
  component?: string;
}

/** The attributes of a content type or component, by uid. */
export type ModelAttributes = (uid: string) => Record<string, Attribute> | undefined;

/** What was populated, as a tree: where the rows of a to-many relation are counted. */
export interface PopulatedNode {
  name: string;
  toMany: boolean;
  children: PopulatedNode[];
}

type Entries = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Entries => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `oneToMany`, `manyToMany`, `morphMany`, `morphToMany`: relations that may hold any number of rows. */
const isToMany = (attribute: Attribute) => attribute.type === 'relation' && /Many$/.test(attribute.relation ?? '');

const populatesNothing = (value: unknown) => value === false || value === 'false' || value === null || value === undefined;

/**
 * The populate parameter of a read of `uid` with `limit: maxRows + 1` on every populated to-many
 * relation (nested ones too; a `count` is left alone), and the tree of what it populates. The
 * parameter given is not changed.
 */
export function boundPopulate(populate: unknown, uid: string, attributesOf: ModelAttributes, maxRows: number): { populate: unknown; nodes: PopulatedNode[] } {
  const attributes = attributesOf(uid);
  const entries = attributes ? populateEntries(populate, attributes) : null;
  if (!attributes || !entries) return { populate, nodes: [] };
  const bounded: Entries = {};
  const nodes: PopulatedNode[] = [];
  for (const [name, value] of Object.entries(entries)) {
    const attribute = attributes[name];
    const target = attribute?.type === 'relation' ? attribute.target : attribute?.type === 'component' ? attribute.component : undefined;
    if (!attribute || !target || populatesNothing(value)) {
      bounded[name] = value;
      continue;
    }
    const options: Entries = isPlainObject(value) ? { ...value } : {};
    if (options.count === true || options.count === 'true') {
      bounded[name] = value;
      continue;
    }
    const toMany = isToMany(attribute);
    if (toMany) {
      const asked = Number(options.limit);
      options.limit = Number.isInteger(asked) && asked >= 0 && asked <= maxRows ? asked : maxRows + 1;
    }
    const nested = options.populate === undefined ? { populate: undefined, nodes: [] } : boundPopulate(options.populate, target, attributesOf, maxRows);
    if (nested.populate !== undefined) options.populate = nested.populate;
    bounded[name] = toMany || options.populate !== undefined || isPlainObject(value) ? options : value;
    nodes.push({ name, toMany, children: nested.nodes });
  }
  return { populate: bounded, nodes };
}

/** The first populated to-many relation (as a dotted path) that brought more than `maxRows` rows, or null. */
export function overflowingRelation(rows: unknown[], nodes: PopulatedNode[], maxRows: number, prefix = ''): string | null {
  for (const node of nodes) {
    const related: unknown[] = [];
    for (const row of rows) {
      const value = isPlainObject(row) ? row[node.name] : undefined;
      if (Array.isArray(value)) related.push(...value);
      else if (value !== null && value !== undefined) related.push(value);
    }
    const path = prefix ? `${prefix}.${node.name}` : node.name;
    if (node.toMany && related.length > maxRows) return path;
    const nested = overflowingRelation(related, node.children, maxRows, path);
    if (nested) return nested;
  }
  return null;
}

type FindEvent = { model: { uid: string }; params: { populate?: unknown }; result?: unknown; state: { populated?: PopulatedNode[] } };

/**
 * Bounds the rows of populated to-many relations in reader reads (see above), as database lifecycles:
 * the Document Service refuses `limit` inside `populate`, the query engine takes it. On SQLite, also
 * yields the event loop once before each reader read.
 */
export function subscribePopulateBudget(strapi: Core.Strapi, maxRows: number): void {
  const attributesOf: ModelAttributes = (uid) => (strapi.getModel(uid as never) as { attributes?: Record<string, Attribute> } | undefined)?.attributes;
  const sqlite = strapi.config.get('database.connection.client') === 'sqlite';
  const before = async (event: FindEvent) => {
    if (!isReaderRequest(strapi)) return;
    // better-sqlite3 answers on the event loop: a turn of the loop before each read lets waiting I/O
    // (a health check, other readers' sockets) through, instead of after the whole request.
    if (sqlite) await new Promise((resolve) => setImmediate(resolve));
    if (event.params.populate === undefined) return;
    const { populate, nodes } = boundPopulate(event.params.populate, event.model.uid, attributesOf, maxRows);
    if (nodes.length === 0) return;
    event.params.populate = populate;
    event.state.populated = nodes;
  };
  const after = (event: FindEvent) => {
    const nodes = event.state.populated;
    if (!nodes) return;
    const rows = Array.isArray(event.result) ? event.result : event.result ? [event.result] : [];
    const path = overflowingRelation(rows, nodes, maxRows);
    if (path) {
      throw new errors.ValidationError(
        `populate: the relation ${path} holds more than ${maxRows} items for this page. Ask for fewer items per page (pagination), filter the relation (populate[…][filters]) or leave it out.`,
        { key: 'populate', path, source: 'query', maxRows },
      );
    }
  };
  strapi.db.lifecycles.subscribe({ beforeFindMany: before, beforeFindOne: before, afterFindMany: after, afterFindOne: after });
}
