/**
 * An editor at work on a running server process (tests/harness/processes.ts): the first super admin registered
 * through `/admin/register-admin`, then the content-manager API called as the admin panel calls it.
 */
import { ARTICLE, SECTION, TEASER } from './constants';

type Uid = typeof ARTICLE | typeof SECTION | typeof TEASER;

export interface Saved {
  documentId: string;
  slug?: string;
}

export interface AdminApi {
  token: string;
  /** One content-manager call on `baseUrl` (any instance sharing the database); throws unless it answers `expected`. */
  call: (method: string, url: string, body?: unknown, expected?: number, baseUrl?: string) => Promise<unknown>;
  /** Creates a document: published when the type has Draft & Publish and `publish` is true, else saved as a draft. */
  create: (uid: Uid, data: Record<string, unknown>, options?: { publish?: boolean; baseUrl?: string }) => Promise<Saved>;
  /** Saves `data` into the document and publishes it ("Publish" in the panel). */
  publish: (uid: typeof ARTICLE | typeof TEASER, documentId: string, data?: Record<string, unknown>, baseUrl?: string) => Promise<Saved>;
}

/** `{ connect: [{ documentId }] }`: how the panel sends a relation. */
export const connect = (documentId: string) => ({ connect: [{ documentId }] });

/** Registers the first admin on `baseUrl` (a fresh database has none) and returns its content-manager client. */
export async function registerAdmin(baseUrl: string): Promise<AdminApi> {
  const register = await fetch(`${baseUrl}/admin/register-admin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'chief@newsroom.test', firstname: 'Chief', lastname: 'Editor', password: 'Chief-Passw0rd' }),
  });
  if (register.status !== 200) throw new Error(`register-admin answered ${register.status}: ${await register.text()}`);
  const token = ((await register.json()) as { data: { token: string } }).data.token;

  const call: AdminApi['call'] = async (method, url, body, expected = 200, base = baseUrl) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`${method} ${url} answered ${res.status} (expected ${expected}): ${text}`);
    return text ? (JSON.parse(text) as unknown) : null;
  };
  const saved = (answer: unknown): Saved => {
    const { documentId, slug } = (answer as { data: { documentId: string; slug?: string } }).data;
    return { documentId, slug };
  };
  const collection = (uid: Uid) => `/content-manager/collection-types/${uid}`;

  return {
    token,
    call,
    create: async (uid, data, { publish = true, baseUrl: base } = {}) =>
      saved(
        publish && uid !== SECTION
          ? await call('POST', `${collection(uid)}/actions/publish`, data, 200, base)
          : await call('POST', collection(uid), data, 201, base),
      ),
    publish: async (uid, documentId, data = {}, base) => saved(await call('POST', `${collection(uid)}/${documentId}/actions/publish`, data, 200, base)),
  };
}
