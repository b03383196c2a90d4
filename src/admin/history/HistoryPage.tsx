/**
 * The full history of one locale of a document (route /newsroom/history/:uid/:documentId?locale=de; the default
 * locale without `locale`): its versions newest first, paged; tick two to compare them field by field; "Restore as
 * draft" puts a version's content into that locale's draft (after confirmation) and goes back to the edit view in
 * that locale, where an editor publishes it.
 */
import { Box, Button, Checkbox, Dialog, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography, Badge } from '@strapi/design-system';
import { ArrowLeft, ArrowsCounterClockwise } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page, Pagination, useFetchClient, useNotification, useQueryParams, useRBAC } from '@strapi/strapi/admin';
import * as React from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  actionLabel,
  contentPermission,
  editViewPath,
  errorMessage,
  HISTORY_API,
  HISTORY_PERMISSIONS,
  isForbidden,
  isHistoryUid,
  queryString,
  type Comparison,
  type HistoryUid,
  type VersionPage,
  type VersionSummary,
} from './api';
import { ComparisonTable } from './Comparison';
import { formatAuthor, formatWhen, typeLabel } from './format';
import { useRestoreNewsroomVersionMutation } from './restore';
import { useLoad } from './useLoad';

const PAGE_SIZE = 20;

export function HistoryPage() {
  const { uid, documentId } = useParams<{ uid: string; documentId: string }>();
  if (!isHistoryUid(uid) || !documentId) return <Page.NoData />;
  return <DocumentHistory uid={uid} documentId={documentId} />;
}

function DocumentHistory({ uid, documentId }: { uid: HistoryUid; documentId: string }) {
  const { get } = useFetchClient();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const [{ query }] = useQueryParams<{ page?: string; pageSize?: string; locale?: string }>();
  const locale = typeof query.locale === 'string' && query.locale !== '' ? query.locale : undefined;
  const page = Number(query.page ?? 1) || 1;
  const pageSize = Number(query.pageSize ?? PAGE_SIZE) || PAGE_SIZE;
  const { allowedActions } = useRBAC([{ action: HISTORY_PERMISSIONS.restore, subject: null }, contentPermission('update', uid)]);
  const canRestore = Boolean(allowedActions.canRestore && allowedActions.canUpdate);

  const versions = useLoad(
    async () => (await get<VersionPage>(`${HISTORY_API}/versions?${queryString({ uid, documentId, locale, page, pageSize })}`)).data,
    `${uid}/${documentId}/${locale ?? ''}/${page}/${pageSize}`,
  );
  const [selected, setSelected] = React.useState<number[]>([]);
  const [left, right] = [...selected].sort((a, b) => a - b);
  const comparison = useLoad(
    async () => (left && right ? (await get<{ data: Comparison }>(`${HISTORY_API}/compare?${queryString({ left, right })}`)).data.data : null),
    `${left}-${right}`,
  );

  // Ticking a third version drops the earliest ticked one: two are compared at a time.
  const toggle = (id: number, checked: boolean) =>
    setSelected((current) => (checked ? [...current.filter((other) => other !== id), id].slice(-2) : current.filter((other) => other !== id)));

  const [restoreVersion] = useRestoreNewsroomVersionMutation();
  const restore = async (version: VersionSummary) => {
    try {
      await restoreVersion({ id: version.id, uid, documentId }).unwrap();
      toggleNotification({ type: 'success', message: `Version #${version.id} restored as the draft. Review it and publish when ready.` });
      navigate(editViewPath(uid, documentId, version.locale ?? locale));
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error, 'restore this version') });
    }
  };

  if (versions.isLoading && !versions.data) return <Page.Loading />;
  if (versions.error !== undefined && isForbidden(versions.error)) return <Page.NoPermissions />;
  if (versions.error !== undefined || !versions.data) return <Page.Error />;
  const { data: rows, meta } = versions.data;
  const title = rows[0]?.title ?? documentId;
  const shownLocale = rows[0]?.locale ?? locale;

  return (
    <Page.Main>
      <Page.Title>{`History of ${title}`}</Page.Title>
      <Layouts.Header
        title={`History: ${title}`}
        subtitle={`${typeLabel(uid)}${shownLocale ? ` (${shownLocale})` : ''} · ${meta.pagination.total} version${meta.pagination.total === 1 ? '' : 's'}, newest first. Tick two to compare them.`}
        navigationAction={
          <Button tag={Link} to={editViewPath(uid, documentId, locale)} variant="ghost" startIcon={<ArrowLeft />}>
            Back to the edit view
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Table colCount={6} rowCount={rows.length + 1} aria-label="Versions, newest first">
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">Compare</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">When</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Who</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">What</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Title</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Restore</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {rows.map((version) => (
                <Tr key={version.id} data-version={version.id} data-action={version.action}>
                  <Td>
                    <Checkbox
                      aria-label={`Compare version #${version.id}`}
                      checked={selected.includes(version.id)}
                      onCheckedChange={(checked) => toggle(version.id, checked === true)}
                    />
                  </Td>
                  <Td>
                    <Typography>
                      <time dateTime={version.createdAt}>{formatWhen(version.createdAt)}</time>
                    </Typography>
                  </Td>
                  <Td>
                    <Typography>{formatAuthor(version.author)}</Typography>
                  </Td>
                  <Td>
                    <Flex gap={2}>
                      <Typography fontWeight="bold">{actionLabel(version.action)}</Typography>
                      {version.published && <Badge variant="success">Live</Badge>}
                    </Flex>
                  </Td>
                  <Td>
                    <Typography ellipsis>{version.title ?? ''}</Typography>
                  </Td>
                  <Td>
                    {canRestore && version.action !== 'delete' && (
                      <Dialog.Root>
                        <Dialog.Trigger>
                          <Button variant="secondary" size="S" startIcon={<ArrowsCounterClockwise />} aria-label={`Restore version #${version.id} as draft`}>
                            Restore as draft
                          </Button>
                        </Dialog.Trigger>
                        <ConfirmDialog title="Restore this version as the draft?" onConfirm={() => restore(version)} variant="default">
                          {`The draft becomes the content of version #${version.id} (${formatWhen(version.createdAt)}). Readers see no change until the draft is published.`}
                        </ConfirmDialog>
                      </Dialog.Root>
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
          {meta.pagination.pageCount > 1 && (
            <Pagination.Root pageCount={meta.pagination.pageCount} total={meta.pagination.total} defaultPageSize={pageSize}>
              <Pagination.PageSize options={['10', '20', '50', '100']} />
              <Pagination.Links />
            </Pagination.Root>
          )}
          <Box aria-live="polite">
            {selected.length < 2 && (
              <Typography textColor="neutral600">
                {selected.length === 0 ? 'Tick two versions to compare them.' : 'Tick one more version to compare.'}
              </Typography>
            )}
            {selected.length === 2 && comparison.error !== undefined && (
              <Typography textColor="danger600">{errorMessage(comparison.error, 'compare these versions')}</Typography>
            )}
            {selected.length === 2 && comparison.isLoading && <Typography textColor="neutral600">Comparing…</Typography>}
            {selected.length === 2 && !comparison.isLoading && comparison.data && <ComparisonTable comparison={comparison.data} />}
          </Box>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}
