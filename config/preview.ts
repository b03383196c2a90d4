import { readPreviewSettings } from '../src/settings/preview';

/** Draft previews (PREVIEW_SECRET, READER_URL): read by the preview API and by the admin panel's preview handler. */
export default () => readPreviewSettings(process.env);
