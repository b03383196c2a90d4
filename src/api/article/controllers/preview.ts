import { previewController } from '../../../preview/preview-controller';

/** api::article.preview — draft previews for the reader front-end (see src/preview). */
export default previewController;
