import type { Core, UID } from '@strapi/strapi';
import type { SchemaLookup } from './contract';

const has = (models: object, uid: string) => Object.prototype.hasOwnProperty.call(models, uid);

/** The contract's schema lookup over this Strapi's content types and components. */
export function strapiSchemas(strapi: Core.Strapi): SchemaLookup {
  const isContentType = (uid: string): uid is UID.ContentType => has(strapi.contentTypes, uid);
  const isComponent = (uid: string): uid is UID.Component => has(strapi.components, uid);
  return {
    contentType: (uid) => (isContentType(uid) ? strapi.contentTypes[uid] : undefined),
    component: (uid) => (isComponent(uid) ? strapi.components[uid] : undefined),
  };
}
