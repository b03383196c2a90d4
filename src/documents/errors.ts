import { errors } from '@strapi/utils';

/** A 400 in Strapi's error format, naming the field at fault the way Strapi's own validation does. */
export function fieldError(field: string, message: string): InstanceType<typeof errors.ValidationError> {
  return new errors.ValidationError(message, {
    errors: [{ path: [field], message, name: 'ValidationError', value: undefined }],
  });
}
