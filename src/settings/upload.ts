/**
 * Where uploaded media go. Local disk (`public/uploads`, Strapi's default) unless S3_BUCKET is set; then
 * Amazon S3 or any S3-compatible storage (MinIO, Cloudflare R2, Scaleway...) through
 * `@strapi/provider-upload-aws-s3`, which several instances behind one load balancer can share.
 *
 *   S3_BUCKET              bucket name; unset = local disk
 *   S3_REGION              bucket region (required for AWS; defaults to us-east-1 with S3_ENDPOINT)
 *   S3_ENDPOINT            endpoint URL of S3-compatible storage, e.g. http://minio:9000
 *   S3_FORCE_PATH_STYLE    true: https://endpoint/bucket/key URLs (default: true with S3_ENDPOINT)
 *   S3_ACCESS_KEY_ID       \ both or neither; neither = the AWS SDK's own chain (IAM role,
 *   S3_SECRET_ACCESS_KEY   / AWS_* variables, ~/.aws)
 *   S3_ACL                 public-read (default), private (signed URLs), or none (the bucket policy decides)
 *   S3_PUBLIC_URL          URL files are served from (CDN or custom domain) instead of the bucket's
 *   S3_ROOT_PATH           key prefix inside the bucket, e.g. newsroom
 */
import { CSP_DEFAULTS } from '@strapi/utils';
import { collect, valueOf, type Env } from './env';
import { isPlaceholder } from './secrets';

export const S3_ACLS = ['public-read', 'private', 'none'] as const;
export type S3Acl = (typeof S3_ACLS)[number];

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint: string | null;
  forcePathStyle: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
  acl: S3Acl;
  publicUrl: string | null;
  rootPath: string | null;
}

const httpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
};

/** The S3 settings, or null when S3_BUCKET is unset (uploads stay on local disk). Throws one line per problem. */
export function readS3Settings(env: Env): S3Settings | null {
  const value = (name: string) => valueOf(env, name);
  const bucket = value('S3_BUCKET');
  if (!bucket) return null;
  return collect((problems) => s3Settings(bucket, value, problems));
}

function s3Settings(bucket: string, value: (name: string) => string | undefined, problems: string[]): S3Settings {
  const endpoint = value('S3_ENDPOINT') ?? null;
  if (endpoint && !httpUrl(endpoint)) problems.push(`S3_ENDPOINT must be an http(s) URL such as http://minio:9000 (got "${endpoint}")`);

  const region = value('S3_REGION') ?? (endpoint ? 'us-east-1' : undefined);
  if (!region) problems.push("S3_REGION is missing: set the bucket's region (e.g. eu-central-1), or S3_ENDPOINT for S3-compatible storage");

  const accessKeyId = value('S3_ACCESS_KEY_ID');
  const secretAccessKey = value('S3_SECRET_ACCESS_KEY');
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither to use the AWS SDK credential chain (IAM role)');
  } else if (secretAccessKey && isPlaceholder(secretAccessKey)) {
    problems.push('S3_SECRET_ACCESS_KEY still holds a placeholder value: set the real key');
  }

  const acl = (value('S3_ACL') ?? 'public-read').toLowerCase();
  if (!(S3_ACLS as readonly string[]).includes(acl)) problems.push(`S3_ACL must be one of ${S3_ACLS.join(', ')} (got "${acl}")`);

  const publicUrl = value('S3_PUBLIC_URL') ?? null;
  if (publicUrl && !httpUrl(publicUrl)) problems.push(`S3_PUBLIC_URL must be an http(s) URL such as https://media.example.com (got "${publicUrl}")`);

  const pathStyle = value('S3_FORCE_PATH_STYLE')?.toLowerCase();
  if (pathStyle !== undefined && pathStyle !== 'true' && pathStyle !== 'false') {
    problems.push(`S3_FORCE_PATH_STYLE must be true or false (got "${pathStyle}")`);
  }

  return {
    bucket,
    region: region ?? '',
    endpoint,
    forcePathStyle: pathStyle === undefined ? Boolean(endpoint) : pathStyle === 'true',
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : null,
    acl: acl as S3Acl,
    publicUrl: publicUrl ? publicUrl.replace(/\/+$/, '') : null,
    rootPath: value('S3_ROOT_PATH')?.replace(/^\/+|\/+$/g, '') || null,
  };
}

/** The `upload` entry of config/plugins.ts for these settings. */
export function s3UploadConfig(s3: S3Settings) {
  return {
    config: {
      provider: 'aws-s3',
      providerOptions: {
        ...(s3.publicUrl ? { baseUrl: s3.publicUrl } : {}),
        ...(s3.rootPath ? { rootPath: s3.rootPath } : {}),
        s3Options: {
          region: s3.region,
          ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
          forcePathStyle: s3.forcePathStyle,
          ...(s3.credentials ? { credentials: s3.credentials } : {}),
          // The provider sends `public-read` when params has no ACL key; an ACL key holding undefined sends none.
          params: { Bucket: s3.bucket, ACL: s3.acl === 'none' ? undefined : s3.acl },
        },
      },
    },
  };
}

/**
 * Origins the admin panel loads media from when they are on S3, for the Content-Security-Policy
 * (`img-src`, `media-src`): the public URL when set, else the endpoint or the bucket's AWS hosts.
 */
export function s3MediaOrigins(s3: S3Settings | null): string[] {
  if (!s3) return [];
  if (s3.publicUrl) return [new URL(s3.publicUrl).origin];
  if (s3.endpoint) {
    const url = new URL(s3.endpoint);
    return s3.forcePathStyle ? [url.origin] : [`${url.protocol}//${s3.bucket}.${url.host}`];
  }
  return [`https://${s3.bucket}.s3.${s3.region}.amazonaws.com`, `https://${s3.bucket}.s3.amazonaws.com`];
}

/** For config/plugins.ts: `{ upload: ... }` with S3 settings, `{}` (Strapi's local provider) without. */
export function uploadPluginEntry(env: Env): { upload?: ReturnType<typeof s3UploadConfig> } {
  const s3 = readS3Settings(env);
  return s3 ? { upload: s3UploadConfig(s3) } : {};
}

/** For config/middlewares.ts: Strapi's default `img-src` and `media-src`, plus the S3 media origins when set. */
export function mediaCspDirectives(env: Env): { 'img-src': string[]; 'media-src': string[] } {
  const origins = s3MediaOrigins(readS3Settings(env));
  return { 'img-src': [...CSP_DEFAULTS['img-src'], ...origins], 'media-src': [...CSP_DEFAULTS['media-src'], ...origins] };
}
