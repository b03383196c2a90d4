/**
 * Roles as code: Reporter (newsroom-reporter) and Editor (strapi-editor) are created or brought up
 * to date on every start, never twice. A reporter writes drafts; only an editor publishes,
 * unpublishes, schedules and deletes, and manages sections. Demo accounts exist in development only.
 */
import { useApp } from '../harness/app';
import { cm, login, panelUser, type PanelUser } from '../harness/admin-users';
import type { Row } from '../harness/clients';
import { unique } from '../harness/content';
import { ensureNewsroomRoles, EDITOR, REPORTER } from '../../src/bootstrap/roles';
import { ensureDemoAccounts, registerDemoAccounts } from '../../src/bootstrap/demo-accounts';
import { ARTICLE, TEASER, SECTION } from '../harness/constants';
import { addLocale } from '../../src/locales';

const app = useApp();
const rolesWhere = (where: Row) => app.strapi.db.query('admin::role').findMany({ where });
const permissionsOf = async (code: string) =>
  (await app.strapi.db.query('admin::permission').findMany({ where: { role: { code } }, orderBy: { id: 'asc' } })) as Array<{
    id: number;
    action: string;
    subject: string | null;
    properties: { fields?: string[] };
    conditions: string[];
  }>;
const actionsOf = async (code: string) => (await permissionsOf(code)).map((p) => `${p.action}${p.subject ? ` ${p.subject}` : ''}`).sort();

async function section(name = unique('Section')) {
  return app.strapi.documents(SECTION).create({ data: { name } });
}

// The demo-account tests come first: they need a database without any admin user yet.
describe('demo accounts', () => {
  const demoEnv = (nodeEnv: string | undefined, suffix = '') => ({
    NODE_ENV: nodeEnv,
    DEMO_REPORTER_EMAIL: `reporter${suffix}@newsroom.local`,
    DEMO_REPORTER_PASSWORD: 'Reporter-Demo-1',
    DEMO_EDITOR_EMAIL: `editor${suffix}@newsroom.local`,
    DEMO_EDITOR_PASSWORD: 'Editor-Demo-1',
  });
  const userByEmail = (email: string) => app.strapi.db.query('admin::user').findOne({ where: { email }, populate: ['roles'] });

  test('are never created in production or test, nor without the variables', async () => {
    for (const env of [demoEnv('production'), demoEnv('test'), { NODE_ENV: 'development' }]) {
      expect((await ensureDemoAccounts(app.strapi, env)).status).toBe('disabled');
    }
    expect(await userByEmail('reporter@newsroom.local')).toBeNull();
    expect(await userByEmail('editor@newsroom.local')).toBeNull();
  });

  test('on a fresh database they wait for the first administrator, then appear with their roles', async () => {
    expect(await app.strapi.db.query('admin::user').count()).toBe(0);
    const outcome = await registerDemoAccounts(app.strapi, demoEnv('development'));
    expect(outcome.status).toBe('waiting-for-first-admin');
    // The welcome screen still offers to create the first administrator.
    expect((await app.http().get('/admin/init')).body.data.hasAdmin).toBe(false);

    const register = await app.http().post('/admin/register-admin').send({
      email: 'chief@newsroom.test',
      firstname: 'Chief',
      lastname: 'Admin',
      password: 'Chief-Passw0rd',
    });
    expect(register.status).toBe(200);

    const deadline = Date.now() + 5000;
    while (!(await userByEmail('editor@newsroom.local')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const reporter = await userByEmail('reporter@newsroom.local');
    const editor = await userByEmail('editor@newsroom.local');
    expect(reporter.roles.map((r: Row) => r.code)).toEqual([REPORTER.code]);
    expect(editor.roles.map((r: Row) => r.code)).toEqual([EDITOR.code]);
    expect(reporter.isActive).toBe(true);
    await expect(login(app, 'reporter@newsroom.local', 'Reporter-Demo-1')).resolves.toEqual(expect.any(String));
    await expect(login(app, 'editor@newsroom.local', 'Editor-Demo-1')).resolves.toEqual(expect.any(String));
  });

  test('are created in development (NODE_ENV unset counts as development), and an existing password is never overwritten', async () => {
    const env = { ...demoEnv(undefined, '-2'), DEMO_EDITOR_PASSWORD: 'Changed-Passw0rd' };
    const first = await ensureDemoAccounts(app.strapi, { ...env, DEMO_EDITOR_PASSWORD: 'Editor-Demo-1' });
    expect(first).toEqual({ status: 'done', created: ['reporter-2@newsroom.local', 'editor-2@newsroom.local'], kept: [] });

    const again = await ensureDemoAccounts(app.strapi, env);
    expect(again).toEqual({ status: 'done', created: [], kept: ['reporter-2@newsroom.local', 'editor-2@newsroom.local'] });
    await expect(login(app, 'editor-2@newsroom.local', 'Editor-Demo-1')).resolves.toEqual(expect.any(String));
    expect((await app.http().post('/admin/login').send({ email: 'editor-2@newsroom.local', password: 'Changed-Passw0rd' })).status).toBe(400);
    expect(await app.strapi.db.query('admin::user').count({ where: { email: { $startsWith: 'editor-2@' } } })).toBe(1);
  });

  test('a password Strapi would refuse is skipped with a warning', async () => {
    const warn = jest.spyOn(app.strapi.log, 'warn');
    const outcome = await ensureDemoAccounts(app.strapi, {
      NODE_ENV: 'development',
      DEMO_REPORTER_EMAIL: 'weak@newsroom.local',
      DEMO_REPORTER_PASSWORD: 'password',
    });
    expect(outcome).toEqual({ status: 'done', created: [], kept: [] });
    expect(await userByEmail('weak@newsroom.local')).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('weak@newsroom.local'));
    warn.mockRestore();
  });
});

describe('the roles', () => {
  test('exist exactly once after bootstrap, and running it again changes nothing', async () => {
    const before = { reporter: await permissionsOf(REPORTER.code), editor: await permissionsOf(EDITOR.code) };
    expect(before.reporter.length).toBeGreaterThan(0);
    await ensureNewsroomRoles(app.strapi);
    await ensureNewsroomRoles(app.strapi);

    for (const spec of [REPORTER, EDITOR]) {
      expect(await rolesWhere({ code: spec.code })).toHaveLength(1);
      expect(await rolesWhere({ name: spec.name })).toHaveLength(1);
    }
    expect(await permissionsOf(REPORTER.code)).toEqual(before.reporter);
    expect(await permissionsOf(EDITOR.code)).toEqual(before.editor);
    // Super Admin and Strapi's Author are left as Strapi has them.
    expect(await rolesWhere({ code: 'strapi-super-admin' })).toHaveLength(1);
    expect(await rolesWhere({ code: 'strapi-author' })).toHaveLength(1);
  });

  test('a permission granted by hand is taken away again, and a renamed role gets its name back', async () => {
    const reporter = (await rolesWhere({ code: REPORTER.code }))[0] as { id: number };
    await app.strapi.db.query('admin::role').update({ where: { id: reporter.id }, data: { name: 'Stringer' } });
    await app.strapi.db.query('admin::permission').create({
      data: { action: 'plugin::content-manager.explorer.publish', subject: ARTICLE, properties: {}, conditions: [], role: reporter.id },
    });
    await ensureNewsroomRoles(app.strapi);
    expect(await actionsOf(REPORTER.code)).not.toContain(`plugin::content-manager.explorer.publish ${ARTICLE}`);
    expect((await rolesWhere({ code: REPORTER.code }))[0]).toMatchObject({ name: 'Reporter' });
  });

  test('reporter: write articles and teasers (not their schedule), read sections, upload media, read history and restore drafts; nothing else', async () => {
    expect(await actionsOf(REPORTER.code)).toEqual(
      [
        'api::history.read',
        'api::history.restore',
        `plugin::content-manager.explorer.create ${ARTICLE}`,
        `plugin::content-manager.explorer.read ${ARTICLE}`,
        `plugin::content-manager.explorer.update ${ARTICLE}`,
        `plugin::content-manager.explorer.create ${TEASER}`,
        `plugin::content-manager.explorer.read ${TEASER}`,
        `plugin::content-manager.explorer.update ${TEASER}`,
        `plugin::content-manager.explorer.read ${SECTION}`,
        'plugin::upload.read',
        'plugin::upload.assets.create',
        'plugin::upload.assets.update',
        'plugin::upload.assets.download',
        'plugin::upload.assets.copy-link',
      ].sort(),
    );
    for (const permission of await permissionsOf(REPORTER.code)) {
      if (permission.action.endsWith('.create') || permission.action.endsWith('.update')) {
        if (permission.subject) expect(permission.properties.fields).not.toContain('scheduledAt');
      }
      // A reporter sees an editor's schedule, read-only.
      if (permission.action.endsWith('explorer.read') && permission.subject !== SECTION) expect(permission.properties.fields).toContain('scheduledAt');
    }
    const articleUpdate = (await permissionsOf(REPORTER.code)).find((p) => p.action.endsWith('explorer.update') && p.subject === ARTICLE)!;
    expect(articleUpdate.properties.fields).toEqual(expect.arrayContaining(['title', 'slug', 'body', 'section', 'seo.metaTitle', 'cover']));
  });

  test('editor: everything on articles and teasers, including publish and delete, and sections', async () => {
    const actions = await actionsOf(EDITOR.code);
    for (const uid of [ARTICLE, TEASER]) {
      for (const action of ['create', 'read', 'update', 'delete', 'publish']) expect(actions).toContain(`plugin::content-manager.explorer.${action} ${uid}`);
    }
    for (const action of ['create', 'read', 'update', 'delete']) expect(actions).toContain(`plugin::content-manager.explorer.${action} ${SECTION}`);
    expect(actions.filter((a) => a.startsWith('admin::') || a.includes('settings'))).toEqual([]);
    // The revision history: also the audit trail and public corrections (src/history/routes.ts).
    expect(actions.filter((a) => a.startsWith('api::history.')).sort()).toEqual([
      'api::history.audit',
      'api::history.correct',
      'api::history.read',
      'api::history.restore',
    ]);
    const articleUpdate = (await permissionsOf(EDITOR.code)).find((p) => p.action.endsWith('explorer.update') && p.subject === ARTICLE)!;
    expect(articleUpdate.properties.fields).toContain('scheduledAt');
  });

  test("no role writes the admin list's last update nor the time of the latest correction (the product computes them); every role reads them", async () => {
    for (const code of [REPORTER.code, EDITOR.code]) {
      for (const permission of (await permissionsOf(code)).filter((p) => p.subject === ARTICLE)) {
        for (const computed of ['readerLastUpdate', 'correctedAt']) {
          if (/explorer\.(create|update)$/.test(permission.action)) expect(permission.properties.fields).not.toContain(computed);
          if (permission.action.endsWith('explorer.read')) expect(permission.properties.fields).toContain(computed);
        }
      }
    }
  });
});

describe('through the admin API', () => {
  let reporter: PanelUser;
  let editor: PanelUser;
  let world: { documentId: string };

  beforeAll(async () => {
    reporter = await panelUser(app, REPORTER.code, 'reporter');
    editor = await panelUser(app, EDITOR.code, 'editor');
    world = await section();
  });

  async function reporterDraft(title = unique('Reporter draft')) {
    const res = await reporter.post(cm(ARTICLE), { title, section: { connect: [{ documentId: world.documentId }] } });
    expect(res.status).toBe(201);
    return res.body.data as { documentId: string; title: string };
  }

  // Publishing, unpublishing and deleting published content are cells of the permission matrix (permissions.test.ts).
  test('a reporter cannot delete a draft either, not even their own', async () => {
    const draft = await reporterDraft();
    expect((await reporter.del(cm(ARTICLE, `/${draft.documentId}`))).status).toBe(403);
    expect((await reporter.post(cm(ARTICLE, '/actions/bulkDelete'), { documentIds: [draft.documentId] })).status).toBe(403);
    expect(await app.strapi.documents(ARTICLE).count({ filters: { documentId: draft.documentId } })).toBe(1);
  });

  test('a reporter cannot schedule: scheduledAt is not among the fields they may write', async () => {
    const draft = await reporterDraft();
    const when = new Date(Date.now() + 3600_000).toISOString();
    const res = await reporter.put(cm(ARTICLE, `/${draft.documentId}`), { title: draft.title, scheduledAt: when });
    expect(res.status).toBe(200);
    const row = await app.strapi.db.query(ARTICLE).findOne({ where: { documentId: draft.documentId, publishedAt: null } });
    expect(row.scheduledAt).toBeNull();
  });

  test('a reporter uploads media', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const res = await app.http().post('/upload').set(reporter.auth).attach('files', png, 'pixel.png');
    expect(res.status).toBe(201);
    expect(res.body[0]).toMatchObject({ name: 'pixel.png', mime: 'image/png' });
    await app.strapi.plugin('upload').service('upload').remove(res.body[0]);
  });

  test('a reporter cannot touch settings: roles, users, media settings, list configuration', async () => {
    expect((await reporter.get('/admin/roles')).status).toBe(403);
    expect((await reporter.get('/admin/users')).status).toBe(403);
    expect((await reporter.get('/upload/settings')).status).toBe(403);
    const configuration = await reporter.put(`/content-manager/content-types/${ARTICLE}/configuration`, { settings: {}, metadatas: {}, layouts: {} });
    expect(configuration.status).toBe(403);
  });

  test('an editor schedules an article', async () => {
    const draft = await reporterDraft();
    const when = new Date(Date.now() + 3600_000);
    const schedule = await editor.put(cm(ARTICLE, `/${draft.documentId}`), { scheduledAt: when.toISOString() });
    expect(schedule.status).toBe(200);
    const row = await app.strapi.db.query(ARTICLE).findOne({ where: { documentId: draft.documentId, publishedAt: null } });
    expect(new Date(row.scheduledAt).toISOString()).toBe(when.toISOString());
  });

  test('an editor cannot touch settings either', async () => {
    expect((await editor.get('/admin/roles')).status).toBe(403);
    expect((await editor.get('/upload/settings')).status).toBe(403);
  });
});

/**
 * Strapi's locale permissions: an administrator limits the Reporter role to some locales in Settings › Roles
 * (PUT /admin/roles/:id/permissions, as the admin panel saves it). The newsroom's roles-as-code keep that
 * limit across restarts, and give a locale created later to both roles.
 */
describe('reporters limited to some locales', () => {
  const LOCALIZED = [ARTICLE, TEASER, SECTION];
  let admin: PanelUser;
  let reporter: PanelUser;
  let englishDraft: { documentId: string };
  let englishOfOthers: { documentId: string };

  /** The locales of each content-manager permission of a role on the localised types: `action subject` → locales. */
  async function localesOf(code: string): Promise<Record<string, string[] | undefined>> {
    const permissions = (await permissionsOf(code)) as Array<{ action: string; subject: string | null; properties: { locales?: string[] } }>;
    const result: Record<string, string[] | undefined> = {};
    for (const permission of permissions) {
      if (permission.subject && LOCALIZED.includes(permission.subject)) {
        result[`${permission.action.replace('plugin::content-manager.explorer.', '')} ${permission.subject}`] = permission.properties.locales
          ? [...permission.properties.locales].sort()
          : undefined;
      }
    }
    return result;
  }
  const every = (locales: Record<string, string[] | undefined>) => [...new Set(Object.values(locales).map((value) => JSON.stringify(value)))];

  /** Creates an article in `locale` as the reporter, through the admin panel's API. */
  const create = (locale: string, title = unique(`Reporter ${locale}`)) => reporter.post(cm(ARTICLE, `?locale=${locale}`), { title });

  beforeAll(async () => {
    await addLocale(app.strapi, 'de');
    admin = await panelUser(app, 'strapi-super-admin', 'chief');
    reporter = await panelUser(app, REPORTER.code, 'limited-reporter');
    // An English draft of the reporter's own, and one of someone else's, before the limit.
    const own = await create('en', 'English draft by the reporter');
    expect(own.status).toBe(201);
    englishDraft = own.body.data;
    englishOfOthers = await app.strapi.documents(ARTICLE).create({ data: { title: 'English draft by the desk' } });
  });

  test('at first both roles have every locale on every article, teaser and section permission', async () => {
    expect(every(await localesOf(REPORTER.code))).toEqual([JSON.stringify(['de', 'en'])]);
    expect(every(await localesOf(EDITOR.code))).toEqual([JSON.stringify(['de', 'en'])]);
  });

  test('an administrator limits the Reporter role to German through the admin API, as the Roles page saves it', async () => {
    const id = (await rolesWhere({ code: REPORTER.code }))[0].id as number;
    const current = await admin.get(`/admin/roles/${id}/permissions`);
    expect(current.status).toBe(200);
    const permissions = (current.body.data as Array<{ action: string; subject: string | null; properties: Row; conditions: string[] }>).map(
      ({ action, subject, properties, conditions }) => ({
        action,
        subject,
        properties: subject && LOCALIZED.includes(subject as typeof ARTICLE) ? { ...properties, locales: ['de'] } : properties,
        conditions,
      }),
    );
    const saved = await admin.put(`/admin/roles/${id}/permissions`, { permissions });
    expect(saved.status).toBe(200);
    expect(every(await localesOf(REPORTER.code))).toEqual([JSON.stringify(['de'])]);
    // The editors keep every locale.
    expect(every(await localesOf(EDITOR.code))).toEqual([JSON.stringify(['de', 'en'])]);
  });

  async function expectLimitedToGerman() {
    // German: create, update, read.
    const german = await create('de', 'Bericht aus Berlin');
    expect(german.status).toBe(201);
    expect(german.body.data.locale).toBe('de');
    const germanId = german.body.data.documentId as string;
    const edited = await reporter.put(cm(ARTICLE, `/${germanId}?locale=de`), { title: 'Bericht aus Berlin, ergänzt' });
    expect(edited.status).toBe(200);
    expect(edited.body.data.title).toBe('Bericht aus Berlin, ergänzt');
    expect((await reporter.get(cm(ARTICLE, `/${germanId}?locale=de`))).status).toBe(200);
    // A German translation of an English article is German work too.
    const translated = await reporter.put(cm(ARTICLE, `/${englishOfOthers.documentId}?locale=de`), { title: unique('Übersetzung') });
    expect(translated.status).toBe(200);

    // English: 403 on create, update and read of the draft, their own included; nothing changes.
    const before = await app.strapi.db.query(ARTICLE).findMany({ where: { locale: 'en' }, orderBy: { id: 'asc' } });
    expect((await create('en')).status).toBe(403);
    for (const documentId of [englishDraft.documentId, englishOfOthers.documentId]) {
      expect((await reporter.put(cm(ARTICLE, `/${documentId}?locale=en`), { title: 'Changed by a German reporter' })).status).toBe(403);
      expect((await reporter.put(cm(ARTICLE, `/${documentId}`), { title: 'Changed by a German reporter' })).status).toBe(403);
      expect((await reporter.get(cm(ARTICLE, `/${documentId}?locale=en`))).status).toBe(403);
    }
    expect((await reporter.post(cm(TEASER, '?locale=en'), { headline: 'English teaser' })).status).toBe(403);
    expect(await app.strapi.db.query(ARTICLE).findMany({ where: { locale: 'en' }, orderBy: { id: 'asc' } })).toEqual(before);
  }

  test('the reporter then writes German articles, and gets 403 on English ones: create, update and read of the draft', async () => {
    await expectLimitedToGerman();
  });

  test('after a restart on the same database the limit is still there', async () => {
    await app.reboot();
    expect(every(await localesOf(REPORTER.code))).toEqual([JSON.stringify(['de'])]);
    await expectLimitedToGerman();
  });

  test('a locale created later (Settings › Internationalization) is given to both roles; the German limit stays otherwise', async () => {
    const created = await admin.post('/i18n/locales', { code: 'fr', name: 'French (fr)', isDefault: false });
    expect(created.status).toBe(200);
    expect(every(await localesOf(REPORTER.code))).toEqual([JSON.stringify(['de', 'fr'])]);
    expect(every(await localesOf(EDITOR.code))).toEqual([JSON.stringify(['de', 'en', 'fr'])]);
    const french = await create('fr', 'Reportage à Paris');
    expect(french.status).toBe(201);
    expect((await create('en')).status).toBe(403);

    // And a restart keeps that too.
    await app.reboot();
    expect(every(await localesOf(REPORTER.code))).toEqual([JSON.stringify(['de', 'fr'])]);
    expect(every(await localesOf(EDITOR.code))).toEqual([JSON.stringify(['de', 'en', 'fr'])]);
  });
});
