import { readOperationsSettings } from '../src/settings/operations';

/** Shutdown, readiness, backup and doctor settings (src/settings/operations.ts), validated at start-up. */
export default () => readOperationsSettings(process.env);
