import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TRANSACTION_ACTIONS, type PlanUnit, planTransactions, splitCancelled } from '../../../shared/domain/batch-plan';

const unit = (id: string, items: string[], shared: [string, bigint][] = []): PlanUnit => ({ id, items, shared: new Map(shared) });

/** Units as a batch makes them: an aggregate's own item, its entries and commands, and maybe a world shard. */
const unitsArbitrary = fc
  .array(
    fc.record({
      id: fc.uuid(),
      items: fc.uniqueArray(
        fc.integer({ min: 0, max: 60 }).map((n) => `item-${n}`),
        { minLength: 1, maxLength: 25 },
      ),
      shard: fc.option(fc.integer({ min: 0, max: 3 }).map((n) => `shard-${n}`)),
      delta: fc.bigInt({ min: -100n, max: 100n }),
    }),
    { maxLength: 12 },
  )
  .map((rows) => rows.map((r) => unit(r.id, r.items, r.shard ? [[r.shard, r.delta]] : [])));

describe('planning a batch into transactions', () => {
  it('puts the units of a batch in one transaction when they fit and share no item', () => {
    const plan = planTransactions([unit('a', ['A', 'e1']), unit('b', ['B', 'e2'], [['w', 5n]]), unit('c', ['C'], [['w', -2n]])]);
    expect(plan).toHaveLength(1);
    expect(plan[0]?.shared).toEqual(new Map([['w', 3n]]));
  });

  it('never puts two actions on one item, never more than 100 actions, and every unit exactly once (property)', () => {
    fc.assert(
      fc.property(unitsArbitrary, (units) => {
        const plan = planTransactions(units, MAX_TRANSACTION_ACTIONS);
        const placed = plan.flatMap((tx) => tx.units.map((u) => u.id));
        expect(placed.sort()).toEqual(units.map((u) => u.id).sort());
        for (const tx of plan) {
          const keys = [...tx.units.flatMap((u) => u.items), ...tx.shared.keys()];
          expect(new Set(keys).size).toBe(keys.length);
          expect(keys.length).toBeLessThanOrEqual(MAX_TRANSACTION_ACTIONS);
        }
        const total = (m: Iterable<[string, bigint]>) => [...m].reduce((a, [, d]) => a + d, 0n);
        expect(total(plan.flatMap((tx) => [...tx.shared]))).toBe(total(units.flatMap((u) => [...u.shared])));
      }),
    );
  });

  it('refuses a unit that alone needs more than a transaction holds', () => {
    expect(() =>
      planTransactions([
        unit(
          'big',
          Array.from({ length: 101 }, (_, i) => `i${i}`),
        ),
      ]),
    ).toThrow(/more than 100/);
  });

  it('reads again only the units a cancellation names; the others go again as they are', () => {
    const [tx] = planTransactions([unit('a', ['A', 'a1']), unit('b', ['B', 'b1']), unit('c', ['C'], [['w', 1n]])]);
    if (!tx) throw new Error('no transaction');
    expect(
      splitCancelled(tx, [
        { index: 3, code: 'ConditionalCheckFailed' },
        { index: 0, code: 'None' },
      ]),
    ).toEqual({
      refused: [tx.units[1]],
      rest: [tx.units[0], tx.units[2]],
    });
    // The shared shard (the last action) names no unit: everything is read again.
    expect(splitCancelled(tx, [{ index: 5, code: 'ConditionalCheckFailed' }]).refused).toHaveLength(3);
  });

  it('never applies a message twice however cancellations split a batch, and applies them all (property)', () => {
    // Each unit carries messages; a unit applied commits its messages. Refused units are "read again":
    // messages already applied drop out, as a command past its step does. Cancellations are random.
    fc.assert(
      fc.property(unitsArbitrary, fc.array(fc.nat(), { minLength: 50, maxLength: 50 }), (units, dice) => {
        const applied: string[] = [];
        let roll = 0;
        const cancelNow = () => (dice[roll++ % dice.length] ?? 0) % 3 === 0;
        let waiting = units.map((u) => ({ ...u, messages: u.items.map((i) => `${u.id}:${i}`) }));
        for (let round = 0; round < 100 && waiting.length > 0; round += 1) {
          const next: typeof waiting = [];
          for (const tx of planTransactions(waiting)) {
            let rest = [...tx.units];
            while (rest.length > 0) {
              const [current] = planTransactions(rest);
              if (!current) break;
              if (!cancelNow()) {
                for (const u of current.units) applied.push(...u.messages);
                break;
              }
              const index = (dice[roll++ % dice.length] ?? 0) % current.units.flatMap((u) => u.items).length;
              const split = splitCancelled(current, [{ index, code: 'ConditionalCheckFailed' }]);
              next.push(...split.refused.map((u) => ({ ...u, messages: u.messages.filter((m) => !applied.includes(m)) })));
              rest = [...split.rest];
            }
          }
          waiting = next;
        }
        expect(new Set(applied).size).toBe(applied.length);
        if (waiting.length === 0) expect(applied.sort()).toEqual(units.flatMap((u) => u.items.map((i) => `${u.id}:${i}`)).sort());
      }),
    );
  });
});
