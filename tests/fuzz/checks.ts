/**
 * The fuzzer's checks on one case, sent to world A and world B (tests/fuzz/world.ts):
 *   - answered below 500 (status)          - within 2 s (slow)
 *   - `/_health` 204 within 1 s afterwards (health)
 *   - no hidden marker word or documentId in the answer or its cache tags (leak); an error's own text may quote what the
 *     request itself said, so markers the request names are looked for outside `error`/`errors` only; a REST request
 *     for one locale (`locale=de`) also must not show the documentIds of documents hidden in that locale only
 *   - no internals: SQL, table aliases, file paths or stack frames (internals)
 *   - the history's admin API (no admin session): 401 in Strapi's error format, or 404/405 for paths and methods it lacks
 *   - search: a 4xx is Strapi's error (`{ data: null, error: { status, name, message, details } }`, the status the
 *     HTTP one) (format); a search whose every word to find is hidden finds nothing: no hit, total 0, no
 *     section counts (leak)
 *   - A and B answer alike: same status, same body (side channel). Normalised: keys named correlationId,
 *     requestId or traceId (per-process ids of an error) are blanked, and GraphQL `errors` are compared as a
 *     set without `path`/`locations` (which alias fails first is a race); nothing else.
 */
import http from 'http';
import type { FuzzCase } from './grammar';
import type { FuzzWorld } from './world';

export const REQUEST_TIMEOUT_MS = 2000;
export const HEALTH_TIMEOUT_MS = 1000;

export type ProblemKind = 'status' | 'slow' | 'health' | 'leak' | 'internals' | 'format' | 'side channel' | 'no answer';

export interface Problem {
  kind: ProblemKind;
  server: 'A' | 'B' | 'A/B';
  detail: string;
}

export interface Answer {
  status: number | null;
  ms: number;
  text: string;
  /** The cache tag header (it names every document the answer shows), empty when none. */
  tags?: string;
  /** Set when there was no HTTP answer: a timeout or a connection error. */
  failure?: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** One HTTP exchange, cut off after `timeoutMs` (the socket is destroyed, so a hung server cannot hold the fuzzer). */
export function send(baseUrl: string, method: 'GET' | 'POST', path: string, body: string | undefined, timeoutMs: number): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: Omit<Answer, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...answer, ms: Date.now() - started });
    };
    const url = new URL(baseUrl);
    let req: http.ClientRequest;
    try {
      req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            finish({ status: res.statusCode ?? null, text: Buffer.concat(chunks).toString('utf8'), tags: String(res.headers['surrogate-key'] ?? '') }),
          );
          res.on('error', (error) => finish({ status: null, text: '', failure: error.message }));
        },
      );
    } catch (error) {
      // The path itself was refused by Node's client (a character no request target may carry).
      resolve({ status: null, ms: 0, text: '', failure: `client refused the request: ${(error as Error).message}` });
      return;
    }
    const timer = setTimeout(() => {
      finish({ status: null, text: '', failure: 'timeout' });
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => finish({ status: null, text: '', failure: error.message }));
    req.end(body);
  });
}

/** What only the inside of the server knows: SQL, knex's table aliases, source paths, stack frames. */
const INTERNALS = /\bselect\b[^"]{0,200}\bfrom\b|`t\d+`\.|\bnode_modules\/|\/dist\/src\/|\bat [\w$.<>]+ \([^)]*:\d+:\d+\)|SQLITE_|\bsyntax error at\b/i;

const PER_PROCESS_KEYS = new Set(['correlationId', 'requestId', 'traceId']);

/**
 * The answer as compared between A and B: parsed JSON with per-process ids blanked, else the text.
 * GraphQL `errors` count as a set without `path`: which of several aliases fails first is a race.
 */
export function comparable(answer: Answer): string {
  try {
    const parsed = JSON.parse(answer.text, (key, value) => (PER_PROCESS_KEYS.has(key) ? '<per-process>' : value)) as unknown;
    if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { errors?: unknown }).errors)) {
      const errors = (parsed as { errors: Array<Record<string, unknown>> }).errors.map(({ path: _path, locations: _locations, ...rest }) =>
        JSON.stringify(rest),
      );
      return JSON.stringify({ ...parsed, errors: [...new Set(errors)].sort() });
    }
    return JSON.stringify(parsed);
  } catch {
    return answer.text;
  }
}

/** The answer without its error parts (REST `error`, GraphQL `errors`), and those parts alone. */
function splitErrors(text: string): { content: string; errors: string } {
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const { error, errors, ...content } = parsed;
      return { content: JSON.stringify(content), errors: JSON.stringify({ error, errors }) };
    }
  } catch {
    // not JSON: all of it is content
  }
  return { content: text, errors: '' };
}

/** The one locale a REST request asks for (`locale=<code>` once, as a plain value), or null. */
export function requestedLocale(fuzzCase: Pick<FuzzCase, 'method' | 'path'>): string | null {
  if (fuzzCase.method !== 'GET') return null;
  const params = new URLSearchParams(fuzzCase.path.split('?')[1] ?? '');
  const keys = [...params.keys()].filter((key) => key === 'locale' || key.startsWith('locale['));
  return keys.length === 1 && keys[0] === 'locale' ? params.get('locale') : null;
}

/** Hidden words found in an answer: anywhere but in error text, and in error text unless the request named them. */
export function leaksIn(answer: Answer, forbidden: string[], request: string): string[] {
  const { content, errors } = splitErrors(answer.text);
  const asked = request.toLowerCase();
  return forbidden.filter(
    (word) =>
      content.includes(word) ||
      (answer.tags ?? '').includes(word) ||
      (errors.includes(word) && !asked.includes(word.toLowerCase()) && !asked.includes(encodeURIComponent(word).toLowerCase())),
  );
}

/** What is wrong with a 4xx that is not Strapi's error answer, or null. */
export function errorFormatProblem(answer: Answer): string | null {
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return 'not JSON';
  }
  const { data, error, ...rest } = (body ?? {}) as { data?: unknown; error?: Record<string, unknown> };
  if (Object.keys(rest).length) return `keys besides data and error: ${Object.keys(rest).join(', ')}`;
  if (data !== null) return 'data is not null';
  if (!error || typeof error !== 'object') return 'no error object';
  if (error.status !== answer.status) return `error.status ${String(error.status)} is not the HTTP status`;
  if (typeof error.name !== 'string' || !/^[A-Z]\w*Error$/.test(error.name)) return `error.name ${JSON.stringify(error.name)}`;
  if (typeof error.message !== 'string' || error.message === '') return 'no error.message';
  if (error.details !== undefined && (typeof error.details !== 'object' || error.details === null)) return 'error.details is not an object';
  return null;
}

/** A search answer that shows something: hits, a total or section counts. */
export function searchFound(answer: Answer): string | null {
  try {
    const body = JSON.parse(answer.text) as { data?: unknown[]; meta?: { pagination?: { total?: number }; sections?: unknown[] } };
    const found = [
      ...(body.data?.length ? [`${body.data.length} hits`] : []),
      ...(body.meta?.pagination?.total ? [`total ${body.meta.pagination.total}`] : []),
      ...(body.meta?.sections?.length ? [`${body.meta.sections.length} section counts`] : []),
    ];
    return found.length ? found.join(', ') : null;
  } catch {
    return 'not JSON';
  }
}

const brief = (answer: Answer) => (answer.failure ? answer.failure : `${answer.status} in ${answer.ms} ms: ${answer.text.slice(0, 300)}`);

export interface Outcome {
  answers: { A: Answer; B: Answer };
  problems: Problem[];
}

/** Sends the case to both worlds at once, then checks health, leaks and equality. */
export async function checkCase(world: FuzzWorld, fuzzCase: FuzzCase): Promise<Outcome> {
  const { A, B } = world.servers;
  const [answerA, answerB] = await Promise.all([A, B].map((server) => send(server.url(), fuzzCase.method, fuzzCase.path, fuzzCase.body, REQUEST_TIMEOUT_MS)));
  const answers = { A: answerA, B: answerB };
  const problems: Problem[] = [];
  const request = `${fuzzCase.path} ${fuzzCase.body ?? ''}`;
  for (const name of ['A', 'B'] as const) {
    const answer = answers[name];
    if (answer.failure === 'timeout') problems.push({ kind: 'slow', server: name, detail: `no answer within ${REQUEST_TIMEOUT_MS} ms` });
    else if (answer.failure) problems.push({ kind: 'no answer', server: name, detail: answer.failure });
    else if ((answer.status ?? 0) >= 500) problems.push({ kind: 'status', server: name, detail: brief(answer) });
    const internals = INTERNALS.exec(answer.text);
    if (internals) problems.push({ kind: 'internals', server: name, detail: `"${internals[0].slice(0, 80)}" in ${brief(answer)}` });
    const locale = requestedLocale(fuzzCase);
    const leaked = leaksIn(answer, [...world.forbidden[name], ...((locale !== null && world.forbiddenInLocale[locale]) || [])], request);
    if (leaked.length) problems.push({ kind: 'leak', server: name, detail: `${leaked.join(', ')} in ${brief(answer)}` });
    if (fuzzCase.surface === 'Admin history' && answer.status !== null) {
      // No admin session: refused before anything is read (a path no route has is a 404, a method none has a 405).
      if (![401, 404, 405].includes(answer.status))
        problems.push({ kind: 'leak', server: name, detail: `the history answered without an admin session: ${brief(answer)}` });
      const format = answer.status === 401 ? errorFormatProblem(answer) : null;
      if (format) problems.push({ kind: 'format', server: name, detail: `${format}: ${brief(answer)}` });
    }
    if (fuzzCase.surface === 'REST search' && answer.status !== null) {
      const format = answer.status >= 400 && answer.status < 500 ? errorFormatProblem(answer) : null;
      if (format) problems.push({ kind: 'format', server: name, detail: `${format}: ${brief(answer)}` });
      const found = fuzzCase.findsNothing && answer.status === 200 ? searchFound(answer) : null;
      if (found) problems.push({ kind: 'leak', server: name, detail: `a search for hidden words only found ${found}: ${brief(answer)}` });
    }
  }
  const health = await Promise.all([A, B].map((server) => send(server.url(), 'GET', '/_health', undefined, HEALTH_TIMEOUT_MS)));
  health.forEach((answer, i) => {
    if (answer.status !== 204) problems.push({ kind: 'health', server: i === 0 ? 'A' : 'B', detail: `/_health: ${brief(answer)}` });
  });
  if (!answerA.failure && !answerB.failure) {
    const [a, b] = [comparable(answerA), comparable(answerB)];
    if (answerA.status !== answerB.status || a !== b) {
      problems.push({
        kind: 'side channel',
        server: 'A/B',
        detail: `A: ${answerA.status} ${firstDifference(a, b)}\nB: ${answerB.status} ${firstDifference(b, a)}`,
      });
    }
  }
  return { answers, problems };
}

/** The text around the first character where `a` and `b` part. */
function firstDifference(a: string, b: string): string {
  let k = 0;
  while (k < a.length && a[k] === b[k]) k += 1;
  return `…${a.slice(Math.max(0, k - 120), k + 180)}…`;
}

/** True when a server answers `/_health` within the health timeout. */
export async function healthy(url: string): Promise<boolean> {
  return (await send(url, 'GET', '/_health', undefined, HEALTH_TIMEOUT_MS)).status === 204;
}
