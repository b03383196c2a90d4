/**
 * Backups with Strapi's data transfer (the engine behind `strapi export` / `strapi import`): all content,
 * media files, links and settings (core store, webhooks, users-permissions roles) in one archive, in the
 * format the Strapi CLI reads and writes (`.tar.gz`, `.tar.gz.enc` when encrypted). Admin-panel users,
 * admin roles and API tokens are not part of it (Strapi never exports them).
 *
 * Used by scripts/backup.js and scripts/restore.js on an app loaded from the build, so that no
 * TypeScript compile runs (the CLI compiles the project first).
 */
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { repairSearchIndex } from '../search/engine';
import { settleDatabaseWork } from './settle';
import { engine as transferEngine, file as fileTransfer, strapi as strapiTransfer } from '@strapi/data-transfer';

export interface TransferSummary {
  /** The archive written or read. */
  file: string;
  bytes: number;
  ms: number;
  counts: { entities: number; links: number; assets: number; configuration: number };
  warnings: string[];
}

/** `newsroom-20261125-024512` (UTC): names sort by time. */
export function archiveBaseName(now: Date = new Date()): string {
  const iso = now.toISOString();
  return `newsroom-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
}

/** What restore accepts: archives of `strapi export` / `npm run backup` (`.tar`, `.tar.gz`, optionally `.enc`). */
export function archiveKind(file: string): { compressed: boolean; encrypted: boolean } | null {
  const match = /\.tar(\.gz)?(\.enc)?$/.exec(file);
  return match ? { compressed: Boolean(match[1]), encrypted: Boolean(match[2]) } : null;
}

const isIgnored = (uid: string) => strapiTransfer.isIgnoredOfficialTransferType(uid);

/** Leaves out what Strapi's own CLI leaves out (content releases): same archive as `strapi export`. */
const transforms = {
  entities: [{ filter: (entity: { type: string }) => !isIgnored(entity.type) }],
  links: [{ filter: (link: { left: { type: string }; right: { type: string } }) => !isIgnored(link.left.type) && !isIgnored(link.right.type) }],
};

type Engine = ReturnType<typeof transferEngine.createTransferEngine>;

function collectDiagnostics(engine: Engine): { warnings: string[]; errors: string[] } {
  const warnings: string[] = [];
  const errors: string[] = [];
  engine.diagnostics.onDiagnostic((diagnostic) => {
    if (diagnostic.kind === 'warning') warnings.push(diagnostic.details.message);
    if (diagnostic.kind === 'error') errors.push(diagnostic.details.message);
  });
  return { warnings, errors };
}

function summary(file: string, started: number, progress: Record<string, { count?: number } | undefined>, warnings: string[]): TransferSummary {
  return {
    file,
    bytes: fs.statSync(file).size,
    ms: Date.now() - started,
    counts: {
      entities: progress.entities?.count ?? 0,
      links: progress.links?.count ?? 0,
      assets: progress.assets?.count ?? 0,
      configuration: progress.configuration?.count ?? 0,
    },
    warnings,
  };
}

/** Aborts the running transfer on SIGINT/SIGTERM (the destination rolls back), then rethrows from `run`. */
async function withAbortOnSignal<T>(engine: Engine, run: () => Promise<T>): Promise<T> {
  const abort = () => void engine.abortTransfer();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    return await run();
  } finally {
    process.removeListener('SIGINT', abort);
    process.removeListener('SIGTERM', abort);
  }
}

const failure = (errors: string[], error: unknown) => new Error(errors[errors.length - 1] ?? (error instanceof Error ? error.message : String(error)));

/**
 * Writes an archive of everything in this Strapi to `<dir>/<baseName>.tar.gz` (`.tar.gz.enc` with a key).
 * Never overwrites: a name already taken gets `-2`, `-3`...
 */
export async function exportArchive(
  strapi: Core.Strapi,
  { dir, baseName = archiveBaseName(), encryptionKey = null }: { dir: string; baseName?: string; encryptionKey?: string | null },
): Promise<TransferSummary> {
  fs.mkdirSync(dir, { recursive: true });
  const suffix = `.tar.gz${encryptionKey ? '.enc' : ''}`;
  let base = path.join(dir, baseName);
  for (let n = 2; fs.existsSync(`${base}${suffix}`); n += 1) base = path.join(dir, `${baseName}-${n}`);

  const started = Date.now();
  const engine = transferEngine.createTransferEngine(
    strapiTransfer.providers.createLocalStrapiSourceProvider({ getStrapi: () => strapi, autoDestroy: false }),
    fileTransfer.providers.createLocalFileDestinationProvider({
      file: { path: base },
      compression: { enabled: true },
      encryption: encryptionKey ? { enabled: true, key: encryptionKey } : { enabled: false },
    }),
    { versionStrategy: 'ignore', schemaStrategy: 'ignore', transforms } as never,
  );
  const { warnings, errors } = collectDiagnostics(engine);
  let results: Awaited<ReturnType<Engine['transfer']>>;
  try {
    results = await withAbortOnSignal(engine, () => engine.transfer());
  } catch (error) {
    fs.rmSync(`${base}${suffix}`, { force: true });
    throw failure(errors, error);
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the package types destination results as {}, which has no file
  const written = (results.destination as { file?: { path?: string } } | undefined)?.file?.path ?? `${base}${suffix}`;
  return summary(written, started, results.engine as Record<string, { count?: number }>, warnings);
}

/**
 * Loads an archive into this Strapi. Like `strapi import`: everything the archive can hold is deleted
 * first (content, media files and records, links, core-store settings, webhooks; not the admin users),
 * inside a transaction that is rolled back when the import fails. The archive must have been made with
 * the same content model (schema strategy `strict`).
 */
export async function importArchive(
  strapi: Core.Strapi,
  { file, encryptionKey = null }: { file: string; encryptionKey?: string | null },
): Promise<TransferSummary> {
  const kind = archiveKind(file);
  if (!kind) throw new Error(`${file} is not a backup archive (expected .tar.gz, .tar.gz.enc or .tar)`);
  if (kind.encrypted && !encryptionKey) throw new Error(`${file} is encrypted: set BACKUP_ENCRYPTION_KEY to the key it was made with`);

  const started = Date.now();
  const exclude = [...Object.keys(strapi.contentTypes).filter(isIgnored), ...strapiTransfer.getIgnoredOfficialTransferTypes()];
  const engine = transferEngine.createTransferEngine(
    fileTransfer.providers.createLocalFileSourceProvider({
      file: { path: file },
      compression: { enabled: kind.compressed },
      encryption: kind.encrypted ? { enabled: true, key: encryptionKey as string } : { enabled: false },
    }),
    strapiTransfer.providers.createLocalStrapiDestinationProvider({
      getStrapi: () => strapi,
      autoDestroy: false,
      strategy: 'restore',
      restore: { entities: { exclude, include: undefined }, assets: true, configuration: { webhook: true, coreStore: true } },
    } as never),
    { versionStrategy: transferEngine.DEFAULT_VERSION_STRATEGY, schemaStrategy: transferEngine.DEFAULT_SCHEMA_STRATEGY, transforms } as never,
  );
  const { warnings, errors } = collectDiagnostics(engine);
  let results: Awaited<ReturnType<Engine['transfer']>>;
  try {
    results = await withAbortOnSignal(engine, () => engine.transfer());
  } catch (error) {
    const message = failure(errors, error).message;
    if (/Invalid schema changes detected/.test(message)) {
      // eslint-disable-next-line preserve-caught-error -- the message carries what went wrong; the ES2020 lib Strapi's tsconfig uses has no Error cause option
      throw new Error(
        `${file} was made with a different content model than this version of the app; restore it with the version that made it, then upgrade. ${message.split('\n').slice(1).join(' ').trim()}`,
      );
    }
    // eslint-disable-next-line preserve-caught-error -- the message carries what went wrong; the ES2020 lib Strapi's tsconfig uses has no Error cause option
    throw new Error(message);
  }
  // The transfer writes rows around the Document Service: the search index follows them here (src/search/engine.ts).
  // Strapi's transfer commits its transaction after transfer() has resolved, without waiting (data-transfer
  // utils/transaction.js): on PostgreSQL a repair started at once reads the rows from before the restore.
  await settleDatabaseWork(strapi);
  await repairSearchIndex(strapi);
  return summary(file, started, results.engine as Record<string, { count?: number }>, warnings);
}
