/**
 * Reads record what they return: the cache tags of a reader response are collected by the reads that
 * build it (the reader SQL in src/reader/queries/, the Document Service for core and GraphQL reads),
 * not listed by each route. A new reader surface built on these reads is tagged without more code.
 */
import type { Core } from '@strapi/strapi';
import { documentTag, isTaggedUid, TagSet, typeTag } from './tags';

interface StateWithTags {
  state?: { cacheTags?: TagSet };
}

/** Starts collecting tags for the current request (the reader cache middleware does it). */
export function collectTags(ctx: StateWithTags & { state: Record<string, unknown> }): TagSet {
  const tags = new TagSet();
  ctx.state.cacheTags = tags;
  return tags;
}

/** The tags the current request collects, or null outside a tagged request (admin, scripts, the scheduler). */
function currentTags(strapi: Core.Strapi): TagSet | null {
  const ctx = strapi.requestContext.get() as StateWithTags | undefined;
  return ctx?.state?.cacheTags ?? null;
}

/** Adds tags to the current request's response; does nothing outside one. */
export function recordTags(strapi: Core.Strapi, ...tags: ReadonlyArray<string | null | undefined>): void {
  const set = currentTags(strapi);
  if (set) set.add(...tags.filter((tag): tag is string => typeof tag === 'string' && tag !== ''));
}

type Attribute = { type?: string; relation?: string; target?: string; component?: string; repeatable?: boolean; components?: string[] };
type Model = { attributes?: Record<string, Attribute> };

/**
 * Records a Document Service read: a tag per document in `result` and in every relation, component and
 * media it populated, and the type tag of every list (a list read, a populated to-many relation, a count,
 * a lookup that found nothing): a document saved later may join any of them.
 */
export function recordDocuments(strapi: Core.Strapi, uid: string, result: unknown, { list }: { list: boolean }): void {
  const set = currentTags(strapi);
  if (!set) return;
  const model = (target: string) => strapi.getModel(target as never) as Model | undefined;

  const visit = (target: string, value: unknown, asList: boolean): void => {
    const tagged = isTaggedUid(target) ? target : null;
    if (tagged && (asList || value === null || value === undefined)) set.add(typeTag(tagged));
    if (Array.isArray(value)) {
      for (const item of value) visit(target, item, false);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const entry = value as Record<string, unknown>;
    if (tagged) {
      const id = tagged === 'plugin::upload.file' ? entry.id : entry.documentId;
      if (typeof id === 'string' || typeof id === 'number') set.add(documentTag(tagged, id));
    }
    const attributes = model(target)?.attributes ?? {};
    for (const [name, attribute] of Object.entries(attributes)) {
      if (!(name in entry)) continue;
      const child = entry[name];
      if (attribute.type === 'relation' && attribute.target) visit(attribute.target, child, Array.isArray(child));
      else if (attribute.type === 'media') visit('plugin::upload.file', child, Array.isArray(child));
      else if (attribute.type === 'component' && attribute.component) visit(attribute.component, child, false);
      else if (attribute.type === 'dynamiczone' && Array.isArray(child)) {
        for (const item of child) {
          const component = (item as { __component?: unknown } | null)?.__component;
          if (typeof component === 'string') visit(component, item, false);
        }
      }
    }
  };
  visit(uid, result, list);
}
