/**
 * Admin-panel users with a given role, logged in through `POST /admin/login` like a browser, and a
 * thin client for the content-manager API under that session.
 */
import crypto from 'crypto';
import type { TestApp } from './app';
import type { Row } from './clients';

export const PASSWORD = 'Newsroom-Passw0rd';

export interface PanelUser {
  id: number;
  email: string;
  token: string;
  /** The Authorization header of the session. */
  auth: { Authorization: string };
  get: (url: string) => ReturnType<ReturnType<TestApp['http']>['get']>;
  post: (url: string, body?: Row) => ReturnType<ReturnType<TestApp['http']>['post']>;
  put: (url: string, body?: Row) => ReturnType<ReturnType<TestApp['http']>['put']>;
  del: (url: string) => ReturnType<ReturnType<TestApp['http']>['delete']>;
}

export async function roleId(app: TestApp, code: string): Promise<number> {
  const role = (await app.strapi.db.query('admin::role').findOne({ where: { code } })) as { id: number } | null;
  if (!role) throw new Error(`No admin role with code ${code}`);
  return role.id;
}

export async function login(app: TestApp, email: string, password: string): Promise<string> {
  const res = await app.http().post('/admin/login').send({ email, password });
  if (res.status !== 200 || !res.body?.data?.token) throw new Error(`Admin login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.token as string;
}

/** A super admin's session on the admin panel; returns its bearer token. */
export const adminSessionToken = async (app: TestApp) => (await panelUser(app, 'strapi-super-admin', 'editor')).token;

/** Creates an active admin user with the role of this code and logs them in. */
export async function panelUser(app: TestApp, code: string, name = code): Promise<PanelUser> {
  const email = `${name}-${crypto.randomBytes(4).toString('hex')}@newsroom.test`;
  const user = (await app.strapi.service('admin::user').create({
    email,
    firstname: name,
    lastname: 'Test',
    password: PASSWORD,
    isActive: true,
    registrationToken: null,
    roles: [await roleId(app, code)],
  })) as { id: number };
  const token = await login(app, email, PASSWORD);
  const auth = { Authorization: `Bearer ${token}` };
  return {
    id: user.id,
    email,
    token,
    auth,
    get: (url) => app.http().get(url).set(auth),
    post: (url, body = {}) => app.http().post(url).set(auth).send(body),
    put: (url, body = {}) => app.http().put(url).set(auth).send(body),
    del: (url) => app.http().delete(url).set(auth),
  };
}

/** Content-manager URL of a collection type, e.g. cm(ARTICLE, '/abc/actions/publish'). */
export const cm = (uid: string, rest = '') => `/content-manager/collection-types/${uid}${rest}`;
