import { readHistorySettings } from '../src/settings/history';

/** Revision history (HISTORY_RETENTION_DAYS), validated once at start-up. */
export default () => readHistorySettings(process.env);
