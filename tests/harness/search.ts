/** Searching as a reader does, for the search tests. */
import crypto from 'crypto';
import type { TestApp } from './app';

/** A word found nowhere else: letters only, so that no tokenizer splits or stems it into another. */
export const uniqueWord = () => `zq${[...crypto.randomBytes(6)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('')}`;

/** The documentIds a reader's search for `q` finds (the first 50). */
export async function foundIds(app: Pick<TestApp, 'http'>, q: string): Promise<string[]> {
  const res = await app.http().get('/api/search').query({ q, pageSize: '50' });
  expect(res.status).toBe(200);
  return (res.body.data as Array<{ documentId: string }>).map((hit) => hit.documentId);
}
