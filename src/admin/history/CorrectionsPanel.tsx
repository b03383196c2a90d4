/**
 * The "Corrections" panel of an article's edit view: the public corrections of the locale the editor is in, oldest
 * first, and — for editors (`api::history.correct`) on an article published in that locale — a text field to append
 * one to that locale. A correction is public at once and cannot be removed: appending asks for confirmation.
 */
import { Box, Button, Dialog, Field, Flex, Textarea, Typography } from '@strapi/design-system';
import type { PanelComponent } from '@strapi/content-manager/strapi-admin';
import { ConfirmDialog, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import * as React from 'react';
import { ARTICLE_UID, contentPermission, errorMessage, HISTORY_API, HISTORY_PERMISSIONS, queryString, type Correction } from './api';
import { formatWhen } from './format';
import { useContentManagerLocale } from './locale';
import { useLoad } from './useLoad';

const MAX_LENGTH = 2000;

export const CorrectionsPanel: PanelComponent = ({ model, documentId, document, meta }) => {
  const { allowedActions, isLoading } = useRBAC([
    { action: HISTORY_PERMISSIONS.read, subject: null },
    { action: HISTORY_PERMISSIONS.correct, subject: null },
    contentPermission('publish', ARTICLE_UID),
  ]);
  const locale = useContentManagerLocale(document);
  if (model !== ARTICLE_UID || !documentId || isLoading || !allowedActions.canRead) return null;
  const published =
    document?.status === 'published' || document?.status === 'modified' || (meta?.availableStatus ?? []).some((other) => Boolean(other.publishedAt));
  return {
    title: 'Corrections',
    content: (
      <Corrections documentId={documentId} locale={locale} canCorrect={Boolean(allowedActions.canCorrect && allowedActions.canPublish)} published={published} />
    ),
  };
};
CorrectionsPanel.displayName = 'NewsroomCorrectionsPanel';

function Corrections({ documentId, locale, canCorrect, published }: { documentId: string; locale?: string; canCorrect: boolean; published: boolean }) {
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [text, setText] = React.useState('');
  const [isSaving, setIsSaving] = React.useState(false);
  const corrections = useLoad(
    async () => (await get<{ data: Correction[] }>(`${HISTORY_API}/corrections?${queryString({ uid: ARTICLE_UID, documentId, locale })}`)).data.data,
    `${documentId}/${locale ?? ''}`,
  );

  const append = async () => {
    setIsSaving(true);
    try {
      await post(`${HISTORY_API}/corrections`, { uid: ARTICLE_UID, documentId, ...(locale ? { locale } : {}), text: text.trim() });
      setText('');
      toggleNotification({ type: 'success', message: 'Correction appended: readers see it under the article.' });
      corrections.reload();
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error, 'append the correction') });
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%">
      {corrections.error !== undefined && (
        <Typography variant="pi" textColor="danger600">
          {errorMessage(corrections.error, 'read the corrections')}
        </Typography>
      )}
      {corrections.data?.length === 0 && (
        <Typography variant="pi" textColor="neutral600">
          No corrections.
        </Typography>
      )}
      {corrections.data && corrections.data.length > 0 && (
        <Box tag="ol" aria-label="Corrections, oldest first">
          {corrections.data.map((correction) => (
            <Box tag="li" key={correction.id} paddingBottom={2}>
              <Typography variant="pi" textColor="neutral600" tag="p">
                <time dateTime={correction.at}>{formatWhen(correction.at)}</time>
              </Typography>
              <Typography variant="omega" tag="p" style={{ whiteSpace: 'pre-wrap' }}>
                {correction.text}
              </Typography>
            </Box>
          ))}
        </Box>
      )}
      {canCorrect && published && (
        <Dialog.Root>
          <Field.Root name="newsroom-correction" hint="Public at once, under the article; a correction cannot be removed.">
            <Field.Label>New correction</Field.Label>
            <Textarea value={text} maxLength={MAX_LENGTH} onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setText(event.target.value)} />
            <Field.Hint />
          </Field.Root>
          <Dialog.Trigger>
            <Button variant="secondary" width="100%" disabled={text.trim() === '' || isSaving} loading={isSaving}>
              Append correction
            </Button>
          </Dialog.Trigger>
          <ConfirmDialog title="Append a public correction?" onConfirm={append}>
            Readers see this correction under the article right away, and it cannot be removed.
          </ConfirmDialog>
        </Dialog.Root>
      )}
      {canCorrect && !published && (
        <Typography variant="pi" textColor="neutral600">
          Corrections can be appended once the article is published.
        </Typography>
      )}
    </Flex>
  );
}
