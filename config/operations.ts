import { readOperationsSettings } from '../src/operations/settings';

/** Shutdown, readiness, backup and doctor settings (src/operations/settings.ts), validated at start-up. */
export default () => readOperationsSettings(process.env);
