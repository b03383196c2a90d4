/**
 * Operations settings read from environment variables (config/operations.ts; `strapi.config.get('operations')`).
 *
 *   SHUTDOWN_TIMEOUT_MS    on SIGTERM, how long requests in flight may take to finish   (default 8000)
 *   READY_TIMEOUT_MS       how long /_ready waits for the database before answering 503 (default 2000)
 *   BACKUP_DIR             where `npm run backup` writes archives, relative to the app   (default backups)
 *   BACKUP_ENCRYPTION_KEY  when set, archives are encrypted with it (aes-128-ecb, Strapi's data transfer)
 *   DOCTOR_MIN_FREE_MB     free disk space `npm run doctor` requires for uploads and backups (default 1024)
 *
 * Values are trimmed; an unset or empty variable means the default.
 */
import path from 'path';
import { collect, valueOf, type Env } from './env';
import { isPlaceholder } from './secrets';

export interface OperationsSettings {
  shutdownTimeoutMs: number;
  readyTimeoutMs: number;
  /** Absolute path. */
  backupDir: string;
  backupEncryptionKey: string | null;
  minFreeDiskMb: number;
}

export const DEFAULT_OPERATIONS_SETTINGS = Object.freeze({
  shutdownTimeoutMs: 8000,
  readyTimeoutMs: 2000,
  backupDir: 'backups',
  minFreeDiskMb: 1024,
});

/** Shortest accepted BACKUP_ENCRYPTION_KEY: the archive holds every article and every setting. */
export const BACKUP_KEY_MIN_LENGTH = 16;

export function readOperationsSettings(env: Env = process.env, appDir: string = process.cwd()): OperationsSettings {
  return collect((problems) => operationsSettingsFrom(env, appDir, problems));
}

function operationsSettingsFrom(env: Env, appDir: string, problems: string[]): OperationsSettings {
  const value = (name: string) => valueOf(env, name);
  const integer = (name: string, fallback: number, min: number, max: number, unit: string) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      problems.push(`${name} ${JSON.stringify(raw)} is not an integer from ${min} to ${max} ${unit} (example: ${fallback})`);
      return fallback;
    }
    return parsed;
  };

  const shutdownTimeoutMs = integer('SHUTDOWN_TIMEOUT_MS', DEFAULT_OPERATIONS_SETTINGS.shutdownTimeoutMs, 0, 600_000, 'milliseconds');
  const readyTimeoutMs = integer('READY_TIMEOUT_MS', DEFAULT_OPERATIONS_SETTINGS.readyTimeoutMs, 100, 60_000, 'milliseconds');
  const minFreeDiskMb = integer('DOCTOR_MIN_FREE_MB', DEFAULT_OPERATIONS_SETTINGS.minFreeDiskMb, 0, Number.MAX_SAFE_INTEGER, 'megabytes');

  const backupEncryptionKey = value('BACKUP_ENCRYPTION_KEY') ?? null;
  if (backupEncryptionKey !== null) {
    if (isPlaceholder(backupEncryptionKey)) {
      problems.push('BACKUP_ENCRYPTION_KEY still holds a placeholder value: set a random key, or leave it empty for unencrypted archives');
    } else if (backupEncryptionKey.length < BACKUP_KEY_MIN_LENGTH) {
      problems.push(`BACKUP_ENCRYPTION_KEY must be at least ${BACKUP_KEY_MIN_LENGTH} characters long`);
    }
  }

  return {
    shutdownTimeoutMs,
    readyTimeoutMs,
    backupDir: path.resolve(appDir, value('BACKUP_DIR') ?? DEFAULT_OPERATIONS_SETTINGS.backupDir),
    backupEncryptionKey,
    minFreeDiskMb,
  };
}
