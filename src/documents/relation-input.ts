/**
 * Relation values arrive in several shapes (a documentId, `{ documentId }`, `{ connect: [...] }`,
 * `{ set: [...] }`, an array, null). These helpers answer the one question the newsroom rules ask.
 */
export type RelationChange = 'set' | 'cleared' | 'untouched';

const hasTarget = (value: unknown): boolean => {
  if (value === null || value === undefined || value === '') return false;
  if (typeof value === 'string' || typeof value === 'number') return true;
  if (Array.isArray(value)) return value.some(hasTarget);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    return v.documentId !== undefined || v.id !== undefined;
  }
  return false;
};

/** What an update does to a to-one relation: sets a target, clears it, or leaves it alone. */
export function relationChange(value: unknown): RelationChange {
  if (value === undefined) return 'untouched';
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return 'cleared';
  if (typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if ('set' in v) return hasTarget(v.set) ? 'set' : 'cleared';
    if ('connect' in v || 'disconnect' in v) {
      if (hasTarget(v.connect)) return 'set';
      if (hasTarget(v.disconnect)) return 'cleared';
      return 'untouched';
    }
  }
  return hasTarget(value) ? 'set' : 'untouched';
}
