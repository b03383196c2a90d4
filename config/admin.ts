import type { Core } from '@strapi/strapi';
import { readSecrets } from '../src/settings/secrets';
import { readPreviewSettings } from '../src/settings/preview';
import { ADMIN_RATE_LIMIT_DEFAULTS, readRateLimit } from '../src/settings/limits';
import { previewUrl, readerOrigin } from '../src/preview/preview-link';

const config = (): Core.Config.Admin => {
  const secrets = readSecrets(process.env);
  const preview = readPreviewSettings(process.env);
  return {
    auth: {
      secret: secrets.adminJwtSecret,
    },
    apiToken: {
      salt: secrets.apiTokenSalt,
    },
    transfer: {
      token: {
        salt: secrets.transferTokenSalt,
      },
    },
    secrets: {
      encryptionKey: secrets.encryptionKey,
    },
    // Admin login attempts per e-mail address and client (ADMIN_RATE_LIMIT_*), answered 429 beyond.
    rateLimit: readRateLimit(process.env, 'ADMIN', ADMIN_RATE_LIMIT_DEFAULTS),
    flags: {
      nps: false,
      promoteEE: false,
    },
    // "Open preview" in the edit view shows the reader's rendering of the draft (READER_URL), authorised by
    // PREVIEW_SECRET. Without a secret the handler offers no URL and the preview API refuses every request.
    preview: {
      enabled: true,
      config: {
        allowedOrigins: [readerOrigin(preview)],
        // Not async: Strapi awaits this inside its own try, so returning the URL directly is enough.
        handler(uid: string, params: { documentId?: string; locale?: string | null; status?: string | null }) {
          return previewUrl(preview, uid, params);
        },
      },
    },
  };
};

export default config;
