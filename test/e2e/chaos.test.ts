/** A short seeded chaos run is part of every test run; `npm run chaos` runs longer ones. */
import { describe, expect, inject, it } from 'vitest';
import { runChaos } from '../../scripts/chaos/run';
import { useLocalAwsEnv } from '../support/env';

describe('chaos', () => {
  it('keeps every invariant under duplicates, crashes, lost publishes, conflicts and poison', async () => {
    useLocalAwsEnv();
    const summary = await runChaos({
      seed: 7,
      ops: 120,
      concurrency: 6,
      dynamoEndpoint: inject('dynamoEndpoint'),
      quiescenceTimeoutMs: 120_000,
    });
    expect(summary.details.violations).toEqual([]);
    expect(summary.violations).toBe(0);
    expect(summary.stuck).toBe(0);
    for (const [kind, count] of Object.entries(summary.faults)) expect(count, kind).toBeGreaterThan(0);
  }, 300_000);
});
