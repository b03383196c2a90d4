import crypto from 'crypto';
import path from 'path';
import { isDeepStrictEqual } from 'util';
import type { Core } from '@strapi/strapi';
import { EXCERPT_MAX } from '../newsroom/excerpt';
import { READER_LAST_UPDATE } from '../documents/sync-reader-last-update';

/**
 * The admin panel's list and edit views of the newsroom content types, as code: columns and sort of
 * the list, order and width of the edit form's fields, labels, and a one-line description of every
 * field written for journalists.
 *
 * Applied in `bootstrap` to a view that nobody has changed: on the first start (the stored view is
 * still the one Strapi generated), and again when these specs change, as long as the stored view is
 * still exactly what was applied last time. A view an administrator changed in "Configure the view"
 * is never overwritten. What was applied is remembered in the core store (plugin "newsroom").
 */

type Row = Array<[field: string, size: number]>;

interface FieldSpec {
  label?: string;
  description: string;
  placeholder?: string;
  /** Main field shown for a relation's target. */
  mainField?: string;
}

export interface ViewSpec {
  uid: string;
  kind: 'contentType' | 'component';
  settings?: { mainField?: string; defaultSortBy?: string; defaultSortOrder?: 'ASC' | 'DESC'; pageSize?: number };
  /** List view columns (content types only). Strapi adds its "Status" column after these for draft & publish types. */
  list?: string[];
  /** List view column labels for fields without an edit description (timestamps, computed fields). */
  listLabels?: Record<string, string>;
  /** Fields the product computes: listed and sortable, never in the edit form nor editable. */
  computed?: string[];
  edit: Row[];
  fields: Record<string, FieldSpec>;
}

export const VIEW_SPECS: ViewSpec[] = [
  {
    uid: 'api::article.article',
    kind: 'contentType',
    // Last saved first, drafts included: a never-published draft has no reader's last update, and NULLs
    // sort first on PostgreSQL but last on SQLite. The save time orders the list but is not a column:
    // Strapi writes dates out in full, and two date columns already make the table scroll at 1440 px.
    settings: { mainField: 'title', defaultSortBy: 'updatedAt', defaultSortOrder: 'DESC', pageSize: 20 },
    list: ['title', 'section', 'publicationDate', READER_LAST_UPDATE],
    listLabels: { [READER_LAST_UPDATE]: 'Last update', updatedAt: 'Last saved' },
    computed: [READER_LAST_UPDATE],
    edit: [
      [['title', 12]],
      [
        ['slug', 6],
        ['section', 6],
      ],
      [['body', 12]],
      [
        ['byline', 6],
        ['cover', 6],
      ],
      [['teasers', 12]],
      [['seo', 12]],
      [
        ['publicationDate', 6],
        ['lastUpdatedAt', 6],
      ],
      [['scheduledAt', 6]],
    ],
    fields: {
      title: { label: 'Title', description: 'The headline readers see on the article page and in lists; at most 200 characters.' },
      slug: {
        label: 'Slug',
        description: 'The web address of the article, filled in from the title. Avoid changing it once the article is published.',
        placeholder: 'Filled in from the title',
      },
      section: { label: 'Section', description: 'Where the article is filed; an article needs a section before it can be published.', mainField: 'name' },
      body: { label: 'Body', description: `The story. Its first paragraph is the summary in "More from" lists (cut at ${EXCERPT_MAX} characters).` },
      byline: { label: 'Byline', description: 'Who wrote the story, as printed under the headline, e.g. "By Jane Doe in Vienna".' },
      cover: { label: 'Cover image', description: 'The main picture of the article, also shown in lists; give it an alternative text.' },
      teasers: { label: 'Teasers', description: 'Teaser cards that promote this article in sections\u2019 "More from" lists.', mainField: 'headline' },
      seo: { label: 'SEO', description: 'What search engines and social networks show; left empty, the title and summary are used.' },
      publicationDate: {
        label: 'Publication date',
        description: 'Set automatically on first publication; change it only to backdate archive content.',
      },
      lastUpdatedAt: {
        label: 'Last update (override)',
        description: 'Leave empty: "Last update" then shows the latest publication time. Set it only to override that line.',
      },
      scheduledAt: {
        label: 'Scheduled publication (embargo)',
        description: 'Editors only: the draft is published automatically within a minute of this time. Empty = publish by hand.',
      },
    },
  },
  {
    uid: 'api::teaser.teaser',
    kind: 'contentType',
    settings: { mainField: 'headline', defaultSortBy: 'updatedAt', defaultSortOrder: 'DESC', pageSize: 20 },
    list: ['headline', 'article', 'section', 'updatedAt'],
    listLabels: { updatedAt: 'Last saved' },
    edit: [
      [
        ['article', 6],
        ['section', 6],
      ],
      [['headline', 12]],
      [['summary', 12]],
      [
        ['image', 6],
        ['position', 4],
      ],
      [
        ['startsAt', 6],
        ['endsAt', 6],
      ],
      [['scheduledAt', 6]],
    ],
    fields: {
      article: { label: 'Article', description: 'The article this teaser promotes (required).', mainField: 'title' },
      section: {
        label: 'Section',
        description: 'The section whose "More from" list shows the teaser; empty = the article\u2019s own section.',
        mainField: 'name',
      },
      headline: { label: 'Headline', description: 'Replaces the article title on the card; leave empty to use the title.' },
      summary: {
        label: 'Summary',
        description: `At most ${EXCERPT_MAX} characters: longer text is cut at a word with "...". Empty = the article\u2019s first paragraph.`,
      },
      image: { label: 'Image', description: 'Picture on the card; leave empty to use the article\u2019s cover image.' },
      position: { label: 'Position', description: 'Order in the list: lower numbers come first (0 = top).' },
      startsAt: { label: 'Show from', description: 'The published teaser appears in lists from this time on; empty = at once.' },
      endsAt: { label: 'Show until', description: 'The teaser disappears from lists at this time; empty = it stays.' },
      scheduledAt: {
        label: 'Scheduled publication (embargo)',
        description: 'Editors only: the draft is published automatically within a minute of this time. Empty = publish by hand.',
      },
    },
  },
  {
    uid: 'api::section.section',
    kind: 'contentType',
    settings: { mainField: 'name', defaultSortBy: 'name', defaultSortOrder: 'ASC', pageSize: 20 },
    list: ['name', 'slug', 'parent'],
    edit: [
      [
        ['name', 6],
        ['slug', 6],
      ],
      [['parent', 6]],
      [['description', 12]],
      [
        ['children', 6],
        ['teasers', 6],
      ],
      [['articles', 12]],
    ],
    fields: {
      name: { label: 'Name', description: 'The section name readers see, e.g. "World" or "Business"; it must be unique.' },
      slug: { label: 'Slug', description: 'The web address of the section, filled in from the name.', placeholder: 'Filled in from the name' },
      parent: {
        label: 'Parent section',
        description: 'The section this one belongs to, e.g. Europe in World; empty for a top-level section.',
        mainField: 'name',
      },
      description: { label: 'Description', description: 'One or two sentences about what the section covers.' },
      children: { label: 'Sub-sections', description: 'Sections that belong to this one.', mainField: 'name' },
      articles: { label: 'Articles', description: 'Articles filed in this section; set the section on the article itself.', mainField: 'title' },
      teasers: { label: 'Teasers', description: 'Teasers placed in this section\u2019s "More from" list.', mainField: 'headline' },
    },
  },
  {
    uid: 'shared.seo',
    kind: 'component',
    edit: [[['metaTitle', 12]], [['metaDescription', 12]], [['shareImage', 6]]],
    fields: {
      metaTitle: { label: 'Search title', description: 'Title shown by search engines, at most 70 characters; empty = the article title.' },
      metaDescription: { label: 'Search description', description: 'Text shown under the title in search results, at most 160 characters.' },
      shareImage: { label: 'Share image', description: 'Picture shown when the page is shared on social networks; empty = the cover image.' },
    },
  },
];

interface Metadata {
  edit: Record<string, unknown>;
  list: Record<string, unknown>;
}

export interface ViewConfiguration {
  settings: Record<string, unknown>;
  metadatas: Record<string, Metadata>;
  layouts: { list: string[]; edit: Array<Array<{ name: string; size: number }>> };
}

interface ConfigurationService {
  findConfiguration(model: { uid: string }): Promise<ViewConfiguration & { uid: string }>;
  updateConfiguration(model: { uid: string }, configuration: ViewConfiguration): Promise<unknown>;
}

interface Marker {
  version: string;
  applied: ViewConfiguration;
}

export type ViewOutcome = 'applied' | 'up-to-date' | 'customised' | 'missing';

const STORE = { type: 'plugin', name: 'newsroom' } as const;
const MARKER_KEY = 'content-manager-views';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A fingerprint of every spec, so that a change to the code above is noticed on the next start. */
export const specVersion = (spec: ViewSpec) => crypto.createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);

/** The stored view with the spec applied: settings merged, metadatas updated, list and edit layout replaced. */
export function applySpec(current: ViewConfiguration, spec: ViewSpec): ViewConfiguration {
  const next = clone({ settings: current.settings, metadatas: current.metadatas, layouts: current.layouts });
  Object.assign(next.settings, spec.settings ?? {});
  for (const [field, meta] of Object.entries(spec.fields)) {
    const entry = next.metadatas[field];
    if (!entry) continue;
    if (meta.label) {
      entry.edit.label = meta.label;
      entry.list.label = meta.label;
    }
    entry.edit.description = meta.description;
    if (meta.placeholder !== undefined) entry.edit.placeholder = meta.placeholder;
    if (meta.mainField && 'mainField' in entry.edit) entry.edit.mainField = meta.mainField;
  }
  for (const [field, label] of Object.entries(spec.listLabels ?? {})) {
    if (next.metadatas[field]) next.metadatas[field].list.label = label;
  }
  for (const field of spec.computed ?? []) {
    const entry = next.metadatas[field];
    if (!entry) continue;
    entry.edit.visible = false;
    entry.edit.editable = false;
    entry.list.sortable = true;
  }
  if (spec.list) next.layouts.list = spec.list.filter((field) => next.metadatas[field]);

  // The edit layout: the spec's rows, then any editable field the spec does not place (nor computes), as Strapi had it.
  const placed = new Set([...spec.edit.flat().map(([field]) => field), ...(spec.computed ?? [])]);
  const rows = spec.edit.map((row) => row.filter(([field]) => next.metadatas[field]).map(([name, size]) => ({ name, size }))).filter((row) => row.length > 0);
  const rest = current.layouts.edit.map((row) => row.filter((item) => !placed.has(item.name))).filter((row) => row.length > 0);
  next.layouts.edit = [...rows, ...clone(rest)];
  return next;
}

/**
 * The parts of a view an administrator can change, limited to the given fields: Strapi itself adds
 * new fields to a stored view and drops removed ones at start-up, which is not an administrator's change.
 */
export function viewFingerprint(view: ViewConfiguration, fields: Iterable<string>, options: { editOrder?: boolean } = {}) {
  const keep = new Set(fields);
  const edit = view.layouts.edit
    .map((row) => row.filter((item) => keep.has(item.name)).map((item) => ({ name: item.name, size: item.size })))
    .filter((row) => row.length > 0);
  return clone({
    settings: view.settings,
    metadatas: Object.fromEntries(Object.entries(view.metadatas).filter(([field]) => keep.has(field))),
    list: view.layouts.list.filter((field) => keep.has(field)),
    edit: options.editOrder === false ? edit.flat().sort((a, b) => a.name.localeCompare(b.name)) : edit,
  });
}

/**
 * True when nobody changed `current` since it was `reference` (compared on the fields both know).
 * `editOrder: false` ignores the order of the edit form's fields: Strapi appends a new field at the
 * end of a stored form, where its generated default would have put it in schema order.
 */
export function unchangedSince(current: ViewConfiguration, reference: ViewConfiguration, options: { editOrder?: boolean } = {}): boolean {
  const shared = Object.keys(reference.metadatas).filter((field) => field in current.metadatas);
  return isDeepStrictEqual(viewFingerprint(current, shared, options), viewFingerprint(reference, shared, options));
}

type StrapiDefaultFn = (model: unknown) => Promise<ViewConfiguration[]>;

/**
 * Strapi's generated view of a model, as Strapi stores it on the first start (its default) and on
 * later starts (that default passed through its start-up sync, which differs in details). Uses the
 * content manager's internal functions, which are not part of its public API: when they cannot be
 * loaded, null, and no view is treated as untouched.
 */
function loadStrapiDefault(): StrapiDefaultFn | null {
  try {
    const root = path.dirname(require.resolve('@strapi/content-manager/package.json'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path inside the package, resolved at run time: import cannot name it
    const internal = require(path.join(root, 'dist/server/services/utils/configuration/index.js')) as {
      createDefaultConfiguration?: (model: unknown) => Promise<ViewConfiguration>;
      syncConfiguration?: (configuration: ViewConfiguration, model: unknown) => Promise<ViewConfiguration>;
    };
    const { createDefaultConfiguration, syncConfiguration } = internal;
    if (typeof createDefaultConfiguration !== 'function' || typeof syncConfiguration !== 'function') return null;
    return async (model) => {
      const generated = await createDefaultConfiguration(model);
      return [generated, await syncConfiguration(clone(generated), model)];
    };
  } catch {
    return null;
  }
}

function services(strapi: Core.Strapi, kind: ViewSpec['kind']) {
  const plugin = strapi.plugin('content-manager');
  const models = plugin.service(kind === 'component' ? 'components' : 'content-types') as unknown as ConfigurationService & {
    findContentType?(uid: string): ({ uid: string } & Record<string, unknown>) | undefined;
    findComponent?(uid: string): ({ uid: string } & Record<string, unknown>) | undefined;
  };
  const find = (uid: string) => (kind === 'component' ? models.findComponent?.(uid) : models.findContentType?.(uid));
  return { models, find };
}

/** Applies the newsroom views where nobody has changed them; returns what happened to each. */
export async function applyContentManagerViews(strapi: Core.Strapi, specs: ViewSpec[] = VIEW_SPECS): Promise<Record<string, ViewOutcome>> {
  const store = strapi.store(STORE);
  const markers = ((await store.get({ key: MARKER_KEY })) ?? {}) as Record<string, Marker>;
  const strapiDefault = loadStrapiDefault();
  const outcomes: Record<string, ViewOutcome> = {};
  let markersChanged = false;

  for (const spec of specs) {
    const { models, find } = services(strapi, spec.kind);
    const model = find(spec.uid);
    if (!model) {
      outcomes[spec.uid] = 'missing';
      continue;
    }
    const version = specVersion(spec);
    const marker = markers[spec.uid];
    const current = await models.findConfiguration(model);

    let untouched: boolean;
    if (marker) {
      if (marker.version === version) {
        outcomes[spec.uid] = 'up-to-date';
        continue;
      }
      untouched = unchangedSince(current, marker.applied);
    } else {
      const defaults = strapiDefault ? await strapiDefault(model) : [];
      untouched = defaults.some((generated) => unchangedSince(current, generated, { editOrder: false }));
    }
    if (!untouched) {
      outcomes[spec.uid] = 'customised';
      strapi.log.debug(`Content-manager view of ${spec.uid} was changed in the admin panel; the newsroom view is not applied`);
      continue;
    }

    await models.updateConfiguration(model, applySpec(current, spec));
    const applied = await models.findConfiguration(model);
    markers[spec.uid] = { version, applied: { settings: applied.settings, metadatas: applied.metadatas, layouts: applied.layouts } };
    markersChanged = true;
    outcomes[spec.uid] = 'applied';
  }

  if (markersChanged) await store.set({ key: MARKER_KEY, value: markers });
  return outcomes;
}
