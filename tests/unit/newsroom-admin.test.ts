/** Pure parts of the admin-side features: demo accounts, preview settings and links, content-manager views. */
import { demoAccountsFrom, isAcceptedAdminPassword } from '../../src/bootstrap/demo-accounts';
import { isDevelopment } from '../../src/settings/demo-accounts';
import { applySpec, unchangedSince, type ViewConfiguration, type ViewSpec } from '../../src/bootstrap/content-manager-views';
import { readPreviewSettings } from '../../src/settings/preview';
import { previewUrl, secretMatches } from '../../src/preview/preview-link';
import { ARTICLE, SECTION } from '../harness/constants';
import { env } from '../harness/env';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script, no types to import
const { demoPassword } = require('../../scripts/ensure-env.js') as { demoPassword: () => string };

describe('demo accounts', () => {
  test('the passwords scripts/ensure-env.js generates are accepted by the admin panel, and differ', () => {
    const passwords = Array.from({ length: 200 }, demoPassword);
    for (const password of passwords) expect(isAcceptedAdminPassword(password)).toBe(true);
    expect(new Set(passwords).size).toBe(passwords.length);
  });

  test("Strapi's password rule", () => {
    expect(isAcceptedAdminPassword('Abcdefg1')).toBe(true);
    for (const weak of ['Abcdef1', 'abcdefg1', 'ABCDEFG1', 'Abcdefgh', `A1${'a'.repeat(71)}`]) expect(isAcceptedAdminPassword(weak)).toBe(false);
  });

  test('development means NODE_ENV development or unset', () => {
    expect(isDevelopment({})).toBe(true);
    expect(isDevelopment({ NODE_ENV: '' })).toBe(true);
    expect(isDevelopment({ NODE_ENV: 'development' })).toBe(true);
    for (const env of ['production', 'test', 'staging']) expect(isDevelopment({ NODE_ENV: env })).toBe(false);
  });

  test('an account needs both its email and its password', () => {
    expect(demoAccountsFrom({ DEMO_REPORTER_EMAIL: 'R@Newsroom.local', DEMO_REPORTER_PASSWORD: 'Pw-12345', DEMO_EDITOR_EMAIL: 'e@x' })).toEqual([
      expect.objectContaining({ role: 'reporter', roleCode: 'newsroom-reporter', email: 'r@newsroom.local', password: 'Pw-12345' }),
    ]);
  });
});

describe('preview settings', () => {
  test('no secret: previews are off', () => {
    expect(readPreviewSettings(env({}))).toEqual({ secret: null, readerUrl: 'http://localhost:3000' });
    expect(readPreviewSettings(env({ PREVIEW_SECRET: '  ' })).secret).toBeNull();
  });

  test('a placeholder, a short secret or a bad reader URL stops start-up', () => {
    expect(() => readPreviewSettings(env({ PREVIEW_SECRET: 'changeme' }))).toThrow(/PREVIEW_SECRET/);
    expect(() => readPreviewSettings(env({ PREVIEW_SECRET: 'short-secret' }))).toThrow(/PREVIEW_SECRET must be at least 16/);
    for (const readerUrl of ['/reader', 'localhost:3000', 'ftp://reader.example.com']) {
      expect(() => readPreviewSettings(env({ READER_URL: readerUrl }))).toThrow(/READER_URL/);
    }
  });

  test('the preview link of an article, and none for other types or without a secret', () => {
    const settings = readPreviewSettings(env({ PREVIEW_SECRET: 'a secret with spaces & signs', READER_URL: 'https://www.example.com/news/' }));
    expect(previewUrl(settings, ARTICLE, { documentId: 'abc', status: 'draft' })).toBe(
      'https://www.example.com/news/preview/articles/abc?secret=a+secret+with+spaces+%26+signs&status=draft',
    );
    expect(previewUrl(settings, ARTICLE, { documentId: 'abc', status: 'published' })).toMatch(/status=published$/);
    expect(previewUrl(settings, ARTICLE, { documentId: 'abc' })).toMatch(/status=draft$/);
    // The translation being edited: its own draft, not the default locale's.
    expect(previewUrl(settings, ARTICLE, { documentId: 'abc', locale: 'de', status: 'draft' })).toMatch(/status=draft&locale=de$/);
    expect(previewUrl(settings, SECTION, { documentId: 'abc' })).toBeNull();
    expect(previewUrl({ ...settings, secret: null }, ARTICLE, { documentId: 'abc' })).toBeNull();
  });

  test('secrets are compared whole, and nothing matches when no secret is configured', () => {
    const secret = 'x'.repeat(32);
    expect(secretMatches(secret, secret)).toBe(true);
    for (const presented of [`${secret}x`, secret.slice(1), '', undefined, null, [secret], { secret }]) expect(secretMatches(presented, secret)).toBe(false);
    expect(secretMatches('', null)).toBe(false);
    expect(secretMatches('null', null)).toBe(false);
  });
});

describe('content-manager views', () => {
  const meta = (label: string) => ({
    edit: { label, description: '', placeholder: '', visible: true, editable: true },
    list: { label, searchable: true, sortable: true },
  });
  const generated: ViewConfiguration = {
    settings: { mainField: 'title', defaultSortBy: 'title', defaultSortOrder: 'ASC', pageSize: 10 },
    metadatas: { title: meta('title'), slug: meta('slug'), body: meta('body'), extra: meta('extra'), updatedAt: meta('updatedAt') },
    layouts: {
      list: ['title', 'slug'],
      edit: [
        [{ name: 'body', size: 12 }],
        [
          { name: 'title', size: 6 },
          { name: 'slug', size: 6 },
        ],
        [{ name: 'extra', size: 6 }],
      ],
    },
  };
  const spec: ViewSpec = {
    uid: 'api::x.x',
    kind: 'contentType',
    settings: { defaultSortBy: 'updatedAt', defaultSortOrder: 'DESC' },
    list: ['title', 'updatedAt'],
    listLabels: { updatedAt: 'Last update' },
    edit: [[['title', 12]], [['slug', 6]], [['body', 12]]],
    fields: { title: { label: 'Title', description: 'The headline.' }, slug: { description: 'Web address.', placeholder: 'From the title' } },
  };

  test('a spec sets settings, labels, descriptions, columns and the form; unplaced fields follow', () => {
    const view = applySpec(generated, spec);
    expect(view.settings).toMatchObject({ mainField: 'title', defaultSortBy: 'updatedAt', defaultSortOrder: 'DESC', pageSize: 10 });
    expect(view.metadatas.title.edit).toMatchObject({ label: 'Title', description: 'The headline.' });
    expect(view.metadatas.slug.edit).toMatchObject({ label: 'slug', description: 'Web address.', placeholder: 'From the title' });
    expect(view.metadatas.updatedAt.list.label).toBe('Last update');
    expect(view.layouts.list).toEqual(['title', 'updatedAt']);
    expect(view.layouts.edit.map((row) => row.map((f) => f.name))).toEqual([['title'], ['slug'], ['body'], ['extra']]);
    expect(generated.layouts.list).toEqual(['title', 'slug']); // the input is not changed
  });

  test('a computed field is listed and sortable, and kept out of the form', () => {
    const unsortable = {
      ...generated,
      metadatas: { ...generated.metadatas, extra: { ...meta('extra'), list: { label: 'extra', searchable: true, sortable: false } } },
    };
    const view = applySpec(unsortable, { ...spec, list: ['title', 'extra'], computed: ['extra'] });
    expect(view.layouts.list).toEqual(['title', 'extra']);
    expect(view.metadatas.extra).toMatchObject({ edit: { visible: false, editable: false }, list: { sortable: true } });
    expect(view.layouts.edit.flat().map((field) => field.name)).toEqual(['title', 'slug', 'body']);
  });

  test('a field Strapi adds later is not an administrator’s change; a reordered column is', () => {
    const applied = applySpec(generated, spec);
    const withNewField: ViewConfiguration = {
      ...applied,
      metadatas: { ...applied.metadatas, added: meta('added') },
      layouts: { list: applied.layouts.list, edit: [...applied.layouts.edit, [{ name: 'added', size: 6 }]] },
    };
    expect(unchangedSince(withNewField, applied)).toBe(true);
    expect(unchangedSince({ ...applied, layouts: { ...applied.layouts, list: ['updatedAt', 'title'] } }, applied)).toBe(false);
    const moved = { ...applied, layouts: { ...applied.layouts, edit: [...applied.layouts.edit].reverse() } };
    expect(unchangedSince(moved, applied)).toBe(false);
    expect(unchangedSince(moved, applied, { editOrder: false })).toBe(true);
  });
});
