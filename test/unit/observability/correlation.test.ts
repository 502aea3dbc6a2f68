/**
 * Every log line written while a command is in hand carries its id as `correlation_id`, and
 * commands handled at once in one invocation never lend each other theirs.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandIdOf, correlateWith, withCorrelation } from '../../../shared/observability/correlation';

let logger: typeof import('../../../shared/observability/logger').logger;
const lines: string[] = [];

beforeAll(async () => {
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
  vi.stubEnv('POWERTOOLS_DEV', '');
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  ({ logger } = await import('../../../shared/observability/logger'));
});

afterEach(() => {
  lines.length = 0;
});

const logged = (): Record<string, unknown>[] =>
  lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('correlation ids in log lines', () => {
  it('adds the command id of the scope to each line, and nothing outside a scope', async () => {
    logger.info('before');
    await withCorrelation('tr_1', async () => logger.info('inside'));
    expect(logged().map((l) => [l.message, l.correlation_id])).toEqual([
      ['before', undefined],
      ['inside', 'tr_1'],
    ]);
  });

  it('names a scope once the command is known, for the lines after it', async () => {
    await withCorrelation(undefined, async () => {
      logger.info('validating');
      correlateWith('pu_7');
      logger.info('accepted');
    });
    expect(logged().map((l) => l.correlation_id)).toEqual([undefined, 'pu_7']);
  });

  it('keeps concurrent scopes apart', async () => {
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        withCorrelation(id, async () => {
          for (let i = 0; i < 3; i += 1) {
            await tick();
            logger.info(`step of ${id}`);
          }
        }),
      ),
    );
    const pairs = logged().map((l) => [String(l.message).slice(-1), l.correlation_id]);
    expect(pairs).toHaveLength(9);
    for (const [owner, id] of pairs) expect(id).toBe(owner);
  });

  it('finds the command of a step, an outcome and a settlement’s follow-up', () => {
    expect(commandIdOf({ commandId: 'tr_1', step: 'debit' })).toBe('tr_1');
    expect(commandIdOf({ purchaseId: 'pu_1', step: 'reserve' })).toBe('pu_1');
    expect(commandIdOf({ transferId: 'tr_2', settlementId: 'se_1' })).toBe('tr_2');
    expect(commandIdOf({ expenseId: 'ex_1', groupId: 'gr_1' })).toBe('ex_1');
    expect(commandIdOf({ groupId: 'gr_1' })).toBeUndefined();
    expect(commandIdOf(null)).toBeUndefined();
  });
});
