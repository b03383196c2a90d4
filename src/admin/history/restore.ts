/**
 * Restoring a version, as a mutation of the admin panel's own data layer (`adminApi`, RTK Query): it invalidates
 * the Content Manager's cached document, so that the edit view shows the restored draft rather than the content
 * it had loaded before — publishing a stale form would put the old text back.
 */
import { adminApi } from '@strapi/strapi/admin';
import { HISTORY_API } from './api';

interface RestoreArgs {
  id: number;
  uid: string;
  documentId: string;
}
interface RestoreResult {
  data: { documentId: string; locale: string; restoredFrom: number; version: number | null };
}

const historyApi = adminApi.enhanceEndpoints({ addTagTypes: ['Document'] }).injectEndpoints({
  endpoints: (builder) => ({
    restoreNewsroomVersion: builder.mutation<RestoreResult, RestoreArgs>({
      query: ({ id }) => ({ url: `${HISTORY_API}/versions/${id}/restore`, method: 'POST' }),
      // The tags the Content Manager gives a document and its list (content-manager services/documents).
      invalidatesTags: (_result, error, { uid, documentId }) =>
        error
          ? []
          : [
              { type: 'Document', id: `${uid}_${documentId}` },
              { type: 'Document', id: `${uid}_LIST` },
            ],
    }),
  }),
  overrideExisting: false,
});

export const { useRestoreNewsroomVersionMutation } = historyApi;
