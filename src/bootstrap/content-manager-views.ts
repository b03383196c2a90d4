import crypto from 'crypto';
import path from 'path';
import { isDeepStrictEqual } from 'util';
import type { Core } from '@strapi/strapi';
import { withMethods } from '../internals/shapes';
import { VIEW_SPECS, type ViewSpec } from './view-specs';

export { VIEW_SPECS, type ViewSpec } from './view-specs';

/**
 * The admin panel's views of the newsroom content types as code (the specs: view-specs.ts).
 *
 * Applied in `bootstrap` to a view that nobody has changed: on the first start (the stored view is
 * still the one Strapi generated), and again when these specs change, as long as the stored view is
 * still exactly what was applied last time. A view an administrator changed in "Configure the view"
 * is never overwritten. What was applied is remembered in the core store (plugin "newsroom").
 */
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

type ContentManagerModel = { uid: string };

interface ModelServices extends ConfigurationService {
  findContentType(uid: string): ContentManagerModel | undefined;
  findComponent(uid: string): ContentManagerModel | undefined;
}

function services(strapi: Core.Strapi, kind: ViewSpec['kind']) {
  const plugin = strapi.plugin('content-manager');
  const name = kind === 'component' ? 'components' : 'content-types';
  const finder = kind === 'component' ? 'findComponent' : 'findContentType';
  const models = withMethods<ModelServices>(
    plugin.service(name),
    ['findConfiguration', 'updateConfiguration', finder],
    `the content manager's ${name} service`,
  );
  const find = (uid: string) => models[finder](uid);
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
