import type { Core } from '@strapi/strapi';
import { readPreviewSettings } from '../src/preview/settings';

/** Draft previews (PREVIEW_SECRET, READER_URL): read by the preview API and by the admin panel's preview handler. */
export default ({ env }: Core.Config.Shared.ConfigParams) => readPreviewSettings((name) => env(name));
