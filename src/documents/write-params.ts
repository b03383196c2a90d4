import type { Modules } from '@strapi/strapi';

/**
 * What the newsroom's Document Service middlewares read of a call's parameters. They serve several content
 * types and read fields by name (a rule's `field`), so the data is keyed by string; each rule checks the
 * values it reads.
 */
export interface WriteParams {
  data?: Record<string, unknown>;
  documentId?: string;
  status?: 'draft' | 'published';
  /** The locale written (absent: Strapi's default locale). */
  locale?: unknown;
}

/** The parameters of a Document Service call, as WriteParams. */
export const writeParams = (context: Modules.Documents.Middleware.Context): WriteParams => context.params;
