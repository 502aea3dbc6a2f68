/** A short seeded chaos run is part of every test run; `npm run chaos` runs longer ones. */
import { describe, expect, inject, it } from 'vitest';
import { type DeadLetter, runChaos } from '../../scripts/chaos/run';
import { useLocalAwsEnv } from '../support/env';

const sorted = (letters: readonly DeadLetter[]) => [...letters].sort((a, b) => `${a.dlq}${a.body}`.localeCompare(`${b.dlq}${b.body}`));

describe('chaos', () => {
  it('keeps every invariant under duplicates, crashes, lost sends, conflicts and poison', async () => {
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
    // The checks on replays, deletions and settlements had something to check.
    expect(summary.details.replays).toBeGreaterThan(0);
    expect(summary.details.deletions).toBeGreaterThan(0);
    expect(summary.details.operations.settlement ?? 0).toBeGreaterThan(0);
    // Edits and restores ran beside the rest (multi-payer expenses are half of the expenses).
    expect(summary.details.operations.edit ?? 0).toBeGreaterThan(0);
    expect(summary.details.operations.restore ?? 0).toBeGreaterThan(0);
    // Only the deliberately poisoned messages are dead: every other fault was recovered from.
    expect(summary.details.poisoned).toHaveLength(summary.faults.poison);
    expect(summary.dlq).toBe(summary.faults.poison);
    expect(sorted(summary.details.deadLetters)).toEqual(sorted(summary.details.poisoned));
  }, 300_000);
});
