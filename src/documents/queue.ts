/**
 * In-process queues: work under one key runs one at a time, in call order; a failure does not stop the
 * work queued after it. They hold within one process only; across instances the database does
 * (src/database/integrity-indexes.ts, src/documents/publication-lock.ts).
 */
const queues = new Map<string, Promise<unknown>>();

export function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  // Forget the key once nothing is queued behind this work, so that the map does not grow per document.
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}
