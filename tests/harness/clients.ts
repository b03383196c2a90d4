/**
 * Callers of the API and what they get back: API tokens and reader accounts, Strapi's error envelope, and
 * direct reads of the database to check that nothing changed behind a refused request.
 */
import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { TestApp } from './app';
import type { ARTICLE } from './constants';

export type Row = Record<string, unknown>;

/** Every stored version (draft and published) of the documents of a content type, straight from the database. */
export async function rowsOf(app: TestApp, uid: string, where: Row = {}): Promise<Row[]> {
  return (await app.strapi.db.query(uid).findMany({ where, orderBy: { id: 'asc' } })) as Row[];
}

/** Strapi's error envelope for a 400 ValidationError. */
export function expectValidationError(res: { status: number; body: unknown }, messagePattern?: RegExp) {
  expect(res.status).toBe(400);
  const body = res.body as { data: unknown; error: { status: number; name: string; message: string; details: unknown } };
  expect(body).toEqual({
    data: null,
    error: expect.objectContaining({ status: 400, name: 'ValidationError', message: expect.any(String), details: expect.anything() }),
  });
  if (messagePattern) expect(body.error.message).toMatch(messagePattern);
}

/** Rejects with the error a Document Service call throws, or fails the test when the call succeeds. */
export async function rejectionOf(work: Promise<unknown>): Promise<{ name: string; message: string; details?: unknown }> {
  try {
    const result = await work;
    throw new Error(`Expected a rejection, got ${JSON.stringify(result)}`);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('Expected a rejection')) throw error;
    return error as { name: string; message: string; details?: unknown };
  }
}

/** The Document Service of one content type, loosely typed so that tests can send what a caller might send. */
export interface LooseDocuments {
  create(params: Row): Promise<Row>;
  update(params: Row): Promise<Row | null>;
  findOne(params: Row): Promise<Row | null>;
  findFirst(params?: Row): Promise<Row | null>;
  findMany(params?: Row): Promise<Row[]>;
  count(params?: Row): Promise<number>;
  publish(params: Row): Promise<{ documentId: string; entries: Row[] }>;
  unpublish(params: Row): Promise<{ documentId: string; entries: Row[] }>;
  delete(params: Row): Promise<{ documentId: string; entries: Row[] }>;
}

export const looseDocuments = (strapi: Core.Strapi, uid: string): LooseDocuments => strapi.documents(uid as typeof ARTICLE);
export const documents = (app: TestApp, uid: string) => looseDocuments(app.strapi, uid);

/** `Authorization: Bearer …` */
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The `{ data: null, error }` body of a refused request, for reading its details. */
export const errorOf = (res: { body: unknown }) =>
  (res.body as { error: { status: number; name: string; message: string; details: { errors?: Array<{ path: string[]; message: string }> } } }).error;

/** The field paths a ValidationError names. */
export const errorPaths = (error: { details?: unknown }) =>
  ((error.details as { errors?: Array<{ path: string[] }> } | undefined)?.errors ?? []).map((e) => e.path.join('.'));

/** An API token of any type (`read-only`, `full-access`), as created in Settings › API Tokens; returns its access key. */
export async function apiToken(
  app: TestApp,
  type: 'read-only' | 'full-access',
  name = `tests-${type}-${crypto.randomBytes(4).toString('hex')}`,
): Promise<string> {
  const token = (await app.strapi.service('admin::api-token').create({ name, type, lifespan: null, description: '' })) as { accessKey: string };
  if (!token?.accessKey) throw new Error('The API token service returned no accessKey');
  return token.accessKey;
}

/** A full-access API token, as an integrator would create in Settings › API Tokens. */
export const fullAccessToken = (app: TestApp) => apiToken(app, 'full-access');

/** A reader account from the open sign-up (users-permissions Authenticated role); returns its JWT. */
export async function readerJwt(app: TestApp, name = `reader${crypto.randomBytes(4).toString('hex')}`): Promise<string> {
  const res = await app
    .http()
    .post('/api/auth/local/register')
    .send({ username: name, email: `${name}@example.test`, password: 'Reader-Passw0rd!' });
  if (res.status !== 200 || !res.body?.jwt) throw new Error(`Sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.jwt as string;
}
