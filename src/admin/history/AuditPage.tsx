/**
 * The audit trail (menu "Audit trail", for `api::history.audit`): who published, unpublished, scheduled, deleted,
 * restored and corrected what, in which locale and when, newest first, filtered by person, action, type, locale and
 * dates (kept in the URL), paged, and exportable as CSV.
 */
import { Button, Field, Flex, Grid, SingleSelect, SingleSelectOption, Table, Tbody, Td, Th, Thead, Tr, Typography, Badge } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { Layouts, Page, Pagination, useFetchClient, useNotification, useQueryParams } from '@strapi/strapi/admin';
import * as React from 'react';
import { Link } from 'react-router-dom';
import {
  ACTION_LABELS,
  actionLabel,
  errorMessage,
  HISTORY_API,
  HISTORY_PERMISSIONS,
  HISTORY_TYPES,
  historyPagePath,
  isForbidden,
  queryString,
  type VersionPage,
  type VersionSummary,
} from './api';
import { auditCsv, formatAuthor, formatWhen, typeLabel } from './format';
import { useLoad } from './useLoad';

const PAGE_SIZE = 20;
/** The export reads the filtered trail in pages of the API's largest size, up to this many rows. */
const EXPORT_PAGE_SIZE = 200;
const EXPORT_MAX_ROWS = 10_000;

interface AuditQuery {
  author?: string;
  action?: string;
  uid?: string;
  locale?: string;
  from?: string;
  to?: string;
  page?: string;
  pageSize?: string;
}
const FILTERS = ['author', 'action', 'uid', 'locale', 'from', 'to'] as const;

/** A locale of Settings › Internationalization (`GET /i18n/locales`). */
interface Locale {
  code: string;
  name: string;
}

interface AdminUser {
  id: number;
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  email: string;
}

export function AuditPage() {
  return (
    <Page.Protect permissions={[{ action: HISTORY_PERMISSIONS.audit, subject: null }]}>
      <AuditTrail />
    </Page.Protect>
  );
}

function AuditTrail() {
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [{ query }, setQuery] = useQueryParams<AuditQuery>();
  const filters = Object.fromEntries(FILTERS.map((name) => [name, query[name] ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const page = Number(query.page ?? 1) || 1;
  const pageSize = Number(query.pageSize ?? PAGE_SIZE) || PAGE_SIZE;
  const filterQuery = queryString(filters);

  const trail = useLoad(
    async () => (await get<VersionPage>(`${HISTORY_API}/audit?${queryString({ ...filters, page, pageSize })}`)).data,
    `${filterQuery}/${page}/${pageSize}`,
  );
  // The people to filter by, when this user may list administrators (Settings › Users); else an id field.
  const people = useLoad(
    async () => (await get<{ data: { results: AdminUser[] } }>(`/admin/users?${queryString({ pageSize: 100, sort: 'firstname' })}`)).data.data.results,
    'users',
  );

  const locales = useLoad(async () => (await get<Locale[]>('/i18n/locales')).data, 'locales');

  const setFilter = (name: (typeof FILTERS)[number], value: string) => setQuery({ ...query, [name]: value === '' ? undefined : value, page: '1' });

  const [isExporting, setIsExporting] = React.useState(false);
  const exportCsv = async () => {
    setIsExporting(true);
    try {
      const rows: VersionSummary[] = [];
      for (let exportPage = 1; rows.length < EXPORT_MAX_ROWS; exportPage++) {
        const { data } = await get<VersionPage>(`${HISTORY_API}/audit?${queryString({ ...filters, page: exportPage, pageSize: EXPORT_PAGE_SIZE })}`);
        rows.push(...data.data);
        if (exportPage >= data.meta.pagination.pageCount) break;
      }
      const url = URL.createObjectURL(new Blob([auditCsv(rows.slice(0, EXPORT_MAX_ROWS))], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `audit-trail-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error, 'export the audit trail') });
    } finally {
      setIsExporting(false);
    }
  };

  const rows = trail.data?.data ?? [];
  const pagination = trail.data?.meta.pagination;
  return (
    <Page.Main>
      <Page.Title>Audit trail</Page.Title>
      <Layouts.Header
        title="Audit trail"
        subtitle="Who published, unpublished, scheduled, deleted, restored and corrected what, and when; newest first."
        primaryAction={
          <Button
            variant="secondary"
            startIcon={<Download />}
            onClick={() => void exportCsv()}
            loading={isExporting}
            disabled={!pagination || pagination.total === 0}
          >
            Export CSV
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Grid.Root gap={4} tag="form" aria-label="Filters" onSubmit={(event: React.FormEvent) => event.preventDefault()}>
            <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
              {people.data ? (
                <Field.Root name="author">
                  <Field.Label>Person</Field.Label>
                  <SingleSelect
                    value={filters.author}
                    placeholder="Everyone"
                    onChange={(value) => setFilter('author', String(value))}
                    onClear={() => setFilter('author', '')}
                  >
                    {people.data.map((person) => (
                      <SingleSelectOption key={person.id} value={String(person.id)}>
                        {[person.firstname, person.lastname].filter(Boolean).join(' ') || person.username || person.email}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
              ) : (
                <Field.Root name="author" hint="The administrator's id (Settings › Users)">
                  <Field.Label>Person (id)</Field.Label>
                  <Field.Input
                    inputMode="numeric"
                    defaultValue={filters.author}
                    onBlur={(event: React.FocusEvent<HTMLInputElement>) => setFilter('author', event.target.value.trim())}
                    onKeyDown={(event: React.KeyboardEvent<HTMLInputElement>) => event.key === 'Enter' && setFilter('author', event.currentTarget.value.trim())}
                  />
                  <Field.Hint />
                </Field.Root>
              )}
            </Grid.Item>
            <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
              <Field.Root name="action">
                <Field.Label>Action</Field.Label>
                <SingleSelect
                  value={filters.action}
                  placeholder="Publishing, restores and corrections"
                  onChange={(value) => setFilter('action', String(value))}
                  onClear={() => setFilter('action', '')}
                >
                  {Object.entries(ACTION_LABELS).map(([action, label]) => (
                    <SingleSelectOption key={action} value={action}>
                      {label}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={2} s={4} xs={12} direction="column" alignItems="stretch">
              <Field.Root name="uid">
                <Field.Label>Type</Field.Label>
                <SingleSelect
                  value={filters.uid}
                  placeholder="All types"
                  onChange={(value) => setFilter('uid', String(value))}
                  onClear={() => setFilter('uid', '')}
                >
                  {Object.entries(HISTORY_TYPES).map(([uid, label]) => (
                    <SingleSelectOption key={uid} value={uid}>
                      {label}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={2} s={4} xs={12} direction="column" alignItems="stretch">
              <Field.Root name="locale">
                <Field.Label>Locale</Field.Label>
                <SingleSelect
                  value={filters.locale}
                  placeholder="All locales"
                  onChange={(value) => setFilter('locale', String(value))}
                  onClear={() => setFilter('locale', '')}
                >
                  {(locales.data ?? []).map((locale) => (
                    <SingleSelectOption key={locale.code} value={locale.code}>
                      {locale.name}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={2} s={4} xs={6} direction="column" alignItems="stretch">
              <Field.Root name="from">
                <Field.Label>From</Field.Label>
                <Field.Input
                  type="date"
                  value={filters.from}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) => setFilter('from', event.target.value)}
                />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={2} s={4} xs={6} direction="column" alignItems="stretch">
              <Field.Root name="to">
                <Field.Label>To</Field.Label>
                <Field.Input type="date" value={filters.to} onChange={(event: React.ChangeEvent<HTMLInputElement>) => setFilter('to', event.target.value)} />
              </Field.Root>
            </Grid.Item>
          </Grid.Root>

          {trail.error !== undefined && (
            <Typography textColor="danger600" role="alert">
              {isForbidden(trail.error) ? 'You are not allowed to read the audit trail.' : errorMessage(trail.error, 'read the audit trail')}
            </Typography>
          )}
          {trail.data && rows.length === 0 && <Typography textColor="neutral600">Nothing matches these filters.</Typography>}
          {rows.length > 0 && (
            <Table colCount={6} rowCount={rows.length + 1} aria-label="Audit trail, newest first">
              <Thead>
                <Tr>
                  {['When', 'Who', 'Action', 'Type', 'Locale', 'Document'].map((heading) => (
                    <Th key={heading}>
                      <Typography variant="sigma">{heading}</Typography>
                    </Th>
                  ))}
                </Tr>
              </Thead>
              <Tbody>
                {rows.map((row) => (
                  <Tr key={row.id}>
                    <Td>
                      <Typography>
                        <time dateTime={row.createdAt}>{formatWhen(row.createdAt)}</time>
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{formatAuthor(row.author)}</Typography>
                    </Td>
                    <Td>
                      <Flex gap={2}>
                        <Typography fontWeight="bold">{actionLabel(row.action)}</Typography>
                        {row.published && <Badge variant="success">Live</Badge>}
                      </Flex>
                    </Td>
                    <Td>
                      <Typography>{typeLabel(row.uid)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{row.locale ?? ''}</Typography>
                    </Td>
                    <Td>
                      <Typography tag={Link} to={historyPagePath(row.uid, row.documentId, row.locale)} textColor="primary600">
                        {row.title || row.documentId}
                      </Typography>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
          {pagination && pagination.pageCount > 1 && (
            <Pagination.Root pageCount={pagination.pageCount} total={pagination.total} defaultPageSize={pageSize}>
              <Pagination.PageSize options={['10', '20', '50', '100']} />
              <Pagination.Links />
            </Pagination.Root>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}
