/** Waiting and dates relative to now. */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const DAY = 24 * 60 * 60 * 1000;

/** An ISO date `days` days from now (negative: in the past). */
export const daysFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString();
