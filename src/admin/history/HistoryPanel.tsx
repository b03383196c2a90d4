/**
 * The "History" panel of the edit view (articles, teasers, sections): the latest versions of the locale the editor
 * is in — when, who, what — newest first, and a link to that locale's full history page. Refreshes when the
 * document is saved or published, and when the editor switches locale.
 */
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import type { PanelComponent } from '@strapi/content-manager/strapi-admin';
import { useFetchClient, useRBAC } from '@strapi/strapi/admin';
import { Link } from 'react-router-dom';
import {
  actionLabel,
  contentPermission,
  errorMessage,
  HISTORY_API,
  HISTORY_PERMISSIONS,
  historyPagePath,
  isHistoryUid,
  queryString,
  type HistoryUid,
  type VersionPage,
} from './api';
import { formatAuthor, formatWhen } from './format';
import { useContentManagerLocale } from './locale';
import { useLoad } from './useLoad';

const LATEST = 5;

export const HistoryPanel: PanelComponent = ({ model, documentId, document, meta }) => {
  const uid: HistoryUid = isHistoryUid(model) ? model : 'api::article.article';
  const { allowedActions, isLoading } = useRBAC([{ action: HISTORY_PERMISSIONS.read, subject: null }, contentPermission('read', uid)]);
  const locale = useContentManagerLocale(document);
  if (!isHistoryUid(model) || !documentId || isLoading || !allowedActions.canRead) return null;
  // Any save, publish or unpublish changes one of these: the list is read again.
  const revision = [
    String(document?.updatedAt),
    String(document?.status),
    ...(meta?.availableStatus ?? []).map((other) => `${String(other.publishedAt)}@${String(other.updatedAt)}`),
  ].join('|');
  return { title: 'History', content: <LatestVersions uid={model} documentId={documentId} locale={locale} revision={revision} /> };
};
HistoryPanel.displayName = 'NewsroomHistoryPanel';

function LatestVersions({ uid, documentId, locale, revision }: { uid: HistoryUid; documentId: string; locale?: string; revision: string }) {
  const { get } = useFetchClient();
  const versions = useLoad(
    async () => (await get<VersionPage>(`${HISTORY_API}/versions?${queryString({ uid, documentId, locale, pageSize: LATEST })}`)).data,
    `${uid}/${documentId}/${locale ?? ''}/${revision}`,
  );
  return (
    <Flex direction="column" alignItems="stretch" gap={2} width="100%" tag="section" aria-label="Latest versions">
      {versions.error !== undefined && (
        <Typography variant="pi" textColor="danger600">
          {errorMessage(versions.error, 'read the history')}
        </Typography>
      )}
      {versions.data?.data.length === 0 && (
        <Typography variant="pi" textColor="neutral600">
          No versions recorded yet.
        </Typography>
      )}
      {versions.data && versions.data.data.length > 0 && (
        <Box tag="ol" aria-label="Versions, newest first">
          {versions.data.data.map((version) => (
            <Box tag="li" key={version.id} paddingBottom={2}>
              <Flex direction="column" alignItems="flex-start">
                <Typography variant="omega" fontWeight="bold">
                  {actionLabel(version.action)}
                </Typography>
                <Typography variant="pi" textColor="neutral600">
                  {formatAuthor(version.author)} · <time dateTime={version.createdAt}>{formatWhen(version.createdAt)}</time>
                </Typography>
              </Flex>
            </Box>
          ))}
        </Box>
      )}
      <Button tag={Link} to={historyPagePath(uid, documentId, locale)} variant="tertiary" width="100%">
        Open history
        {versions.data && versions.data.meta.pagination.total > LATEST ? ` (${versions.data.meta.pagination.total})` : ''}
      </Button>
    </Flex>
  );
}
