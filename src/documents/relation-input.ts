/**
 * Relation values arrive in several shapes (a documentId, `{ documentId }`, `{ connect: [...] }`,
 * `{ set: [...] }`, an array, null). These helpers answer the one question the newsroom rules ask.
 */
import { isRecord } from '../internals/shapes';

export type RelationChange = 'set' | 'cleared' | 'untouched';

const hasTarget = (value: unknown): boolean => {
  if (value === null || value === undefined || value === '') return false;
  if (typeof value === 'string' || typeof value === 'number') return true;
  if (Array.isArray(value)) return value.some(hasTarget);
  return isRecord(value) && (value.documentId !== undefined || value.id !== undefined);
};

/** What an update does to a to-one relation: sets a target, clears it, or leaves it alone. */
export function relationChange(value: unknown): RelationChange {
  if (value === undefined) return 'untouched';
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return 'cleared';
  if (isRecord(value)) {
    if ('set' in value) return hasTarget(value.set) ? 'set' : 'cleared';
    if ('connect' in value || 'disconnect' in value) {
      if (hasTarget(value.connect)) return 'set';
      if (hasTarget(value.disconnect)) return 'cleared';
      return 'untouched';
    }
  }
  return hasTarget(value) ? 'set' : 'untouched';
}
