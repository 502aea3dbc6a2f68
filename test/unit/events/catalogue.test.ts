import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contracts } from '../../../events/catalogue';
import { manifest, OUTCOME_EVENT_TYPES } from '../../../manifest/manifest';
import { CATALOGUE_PATH, renderCatalogue } from '../../../scripts/docs/events';

describe('the event catalogue', () => {
  it('is up to date with the contracts (run `npm run docs:events`)', () => {
    expect(readFileSync(CATALOGUE_PATH, 'utf8')).toBe(renderCatalogue());
  });

  it('lists every queue message a queue takes and every outcome the fan-out pushes, once each', () => {
    const types = contracts.map((c) => c.type);
    expect(new Set(types).size).toBe(types.length);
    for (const type of manifest.queues.flatMap((q) => q.accepts)) expect(types).toContain(type);
    for (const type of OUTCOME_EVENT_TYPES) expect(types).toContain(type);
  });
});
