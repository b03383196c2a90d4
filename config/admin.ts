import type { Core } from '@strapi/strapi';
import { requireSecret } from '../src/config/secrets';
import { previewUrl, readerOrigin, readPreviewSettings } from '../src/preview/settings';
import { ADMIN_RATE_LIMIT_DEFAULTS, readRateLimit } from '../src/config/limits';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Admin => {
  const preview = readPreviewSettings((name) => env(name));
  return {
    auth: {
      secret: requireSecret(env, 'ADMIN_JWT_SECRET'),
    },
    apiToken: {
      salt: requireSecret(env, 'API_TOKEN_SALT'),
    },
    transfer: {
      token: {
        salt: requireSecret(env, 'TRANSFER_TOKEN_SALT'),
      },
    },
    secrets: {
      encryptionKey: requireSecret(env, 'ENCRYPTION_KEY'),
    },
    // Admin login attempts per e-mail address and client (ADMIN_RATE_LIMIT_*), answered 429 beyond.
    rateLimit: readRateLimit((name) => env(name), 'ADMIN', ADMIN_RATE_LIMIT_DEFAULTS),
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
