/** Waiting and dates relative to now. */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const DAY = 24 * 60 * 60 * 1000;

/** An ISO date `days` days from now (negative: in the past). */
export const daysFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/** Polls `read` until `ok` holds or `timeoutMs` pass; returns the last value read. */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await sleep(intervalMs);
    value = await read();
  }
  return value;
}
