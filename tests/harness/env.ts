import type { Env } from '../../src/settings/env';

/** Environment variables as the settings readers take them (src/settings/env.ts). */
export const env = (values: Record<string, string>): Env => values;
