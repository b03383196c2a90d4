/** Files (covers, teaser images, share images) by id, in one query. */
import type { Core } from '@strapi/strapi';
import type { ImageRef } from '../../newsroom/more-from';
import { json, num, textOrNull } from '../decode';
import { rows } from '../driver';
import { FILE, names } from '../names';
import { recordTags } from '../../cache/record';
import { documentTag } from '../../cache/tags';
import { q } from './fragments';

/** A stored file, decoded: the reader's image with its ids. */
export interface FileRow extends ImageRef {
  id: number;
  documentId: string;
}

interface RawFile {
  id: unknown;
  document_id: unknown;
  url: unknown;
  alternative_text: unknown;
  caption: unknown;
  width: unknown;
  height: unknown;
  mime: unknown;
  formats: unknown;
}

/** The formats of an image (thumbnail, small, ...) that have a URL. */
function formatsOf(value: unknown): ImageRef['formats'] {
  const parsed = json(value);
  if (!parsed || typeof parsed !== 'object') return null;
  const formats: NonNullable<ImageRef['formats']> = {};
  for (const [name, format] of Object.entries(parsed as Record<string, { url?: unknown; width?: unknown; height?: unknown } | null>)) {
    if (typeof format?.url !== 'string') continue;
    formats[name] = {
      url: format.url,
      width: typeof format.width === 'number' ? format.width : null,
      height: typeof format.height === 'number' ? format.height : null,
    };
  }
  return formats;
}

/** The files with these ids, by id, in one query (none when there is no id). A file without a URL is left out. */
export async function loadFiles(strapi: Core.Strapi, ids: ReadonlyArray<number | null | undefined>): Promise<Map<number, FileRow>> {
  const wanted = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
  const found = new Map<number, FileRow>();
  if (!wanted.length) return found;
  const { file: f } = names(strapi);
  const sql =
    `SELECT id, ${q(f.documentId)} AS document_id, ${q(f.url)} AS url, ${q(f.alternativeText)} AS alternative_text, ` +
    `${q(f.caption)} AS caption, ${q(f.width)} AS width, ${q(f.height)} AS height, ${q(f.mime)} AS mime, ${q(f.formats)} AS formats ` +
    `FROM ${q(f.table)} WHERE id IN (${wanted.map(() => '?').join(', ')})`;
  recordTags(strapi, ...wanted.map((id) => documentTag(FILE, id)));
  for (const row of await rows<RawFile>(strapi, sql, wanted)) {
    if (typeof row.url !== 'string') continue;
    found.set(Number(row.id), {
      id: Number(row.id),
      documentId: String(row.document_id),
      url: row.url,
      alternativeText: textOrNull(row.alternative_text),
      caption: textOrNull(row.caption),
      width: num(row.width),
      height: num(row.height),
      mime: textOrNull(row.mime),
      formats: formatsOf(row.formats),
    });
  }
  return found;
}

/** The image with this file id among `files`, as the reader shows it (without the file's ids), or null. */
export function imageIn(files: ReadonlyMap<number, FileRow>, id: number | null): ImageRef | null {
  const file = id === null ? undefined : files.get(id);
  if (!file) return null;
  const { url, alternativeText, caption, width, height, mime, formats } = file;
  return { url, alternativeText, caption, width, height, mime, formats };
}
