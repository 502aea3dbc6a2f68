/**
 * EventBridge pattern matching for the operators the manifest uses: exact values,
 * `{ prefix }` and `{ 'anything-but': [...] }` on `source`, `detail-type` and
 * first-level `detail` fields; a list of values means "any of". No maintained JS
 * library implements EventBridge patterns, so this small subset is written here.
 */
import type { BusEvent } from '../../events/contract';
import type { EventPattern, PatternValue } from '../../manifest/manifest';

function matchesValue(value: unknown, pattern: PatternValue): boolean {
  if (typeof pattern === 'string') return value === pattern;
  if ('prefix' in pattern) return typeof value === 'string' && value.startsWith(pattern.prefix);
  return value !== undefined && !pattern['anything-but'].includes(value as string);
}

function matchesField(value: unknown, patterns: readonly PatternValue[] | undefined): boolean {
  if (!patterns) return true;
  return patterns.some((p) => matchesValue(value, p));
}

export function matchesPattern(event: Pick<BusEvent, 'source' | 'detail-type' | 'detail'>, pattern: EventPattern): boolean {
  if (!matchesField(event.source, pattern.source)) return false;
  if (!matchesField(event['detail-type'], pattern['detail-type'])) return false;
  return Object.entries(pattern.detail ?? {}).every(([field, values]) => matchesField(event.detail[field], values));
}
