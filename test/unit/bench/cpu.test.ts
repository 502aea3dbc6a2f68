import { describe, expect, it } from 'vitest';
import { perOperation, ticksFromStat } from '../../../scripts/bench/cpu';

describe('CPU time per operation', () => {
  it('reads utime and stime from /proc/<pid>/stat, even when the command name holds spaces and parentheses', () => {
    const stat = '4242 (java (Dynamo) x) S 1 4242 4242 0 -1 4194560 200 0 0 0 1234 567 0 0 20 0 40 0 100 0 0';
    expect(ticksFromStat(stat)).toBe(1234 + 567);
  });

  it('divides both sides by the operations between two readings, and leaves the engine out when it could not be read', () => {
    expect(perOperation({ nodeMs: 100, engineMs: 1_000 }, { nodeMs: 2_100, engineMs: 3_500 }, 100)).toEqual({ nodeMs: 20, engineMs: 25 });
    expect(perOperation({ nodeMs: 0, engineMs: undefined }, { nodeMs: 50, engineMs: undefined }, 3)).toEqual({
      nodeMs: 16.7,
      engineMs: null,
    });
  });
});
