import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accountLegOf,
  afterStep,
  firstStep,
  inFlightAt,
  type SagaCommand,
  type SagaKind,
  type StepName,
  stockDeltaOf,
  targetOf,
} from '../../../shared/domain/sagas';

const commandOf = (kind: SagaKind, amountMinor = 500n): SagaCommand => ({
  kind,
  amountMinor,
  payerAccountId: kind === 'deposit' ? null : 'payer',
  payeeAccountId: kind === 'withdrawal' ? null : 'payee',
  ...(kind === 'purchase' ? { sku: 'sku-1', quantity: 2 } : {}),
});

interface Run {
  readonly status: 'COMPLETED' | 'FAILED';
  readonly steps: StepName[];
  readonly balances: Map<string, bigint>;
  readonly world: bigint;
  readonly stock: number;
}

/** Walks a saga, refusing the steps `refuse` picks; checks money in flight after every step. */
function walk(c: SagaCommand, refuse: (step: StepName, index: number) => boolean): Run {
  const balances = new Map<string, bigint>();
  let world = 0n;
  let stock = 0;
  const steps: StepName[] = [];
  let step: StepName = firstStep(c);
  for (let index = 0; index < 10; index += 1) {
    steps.push(step);
    const target = targetOf(c, step);
    let refusable = true;
    try {
      afterStep(c, step, 'refused');
    } catch {
      refusable = false;
    }
    const refused = refusable && refuse(step, index);
    if (!refused) {
      if (target.aggregate === 'account') {
        const leg = accountLegOf(c, step);
        expect(leg.accountId).toBe(target.id);
        balances.set(leg.accountId, (balances.get(leg.accountId) ?? 0n) + leg.amount);
        world += leg.worldDelta;
      } else stock += stockDeltaOf(c, step);
    }
    const next = afterStep(c, step, refused ? 'refused' : 'done');
    const held = next.kind === 'next' ? inFlightAt(c, next.step) : 0n;
    // Money is conserved at every moment: in accounts, the world, or held by the command.
    expect([...balances.values()].reduce((a, b) => a + b, 0n) + world + held).toBe(0n);
    if (next.kind === 'end') return { status: next.status, steps, balances, world, stock };
    step = next.step;
  }
  throw new Error('the saga did not end within 10 steps');
}

const KINDS: SagaKind[] = ['deposit', 'withdrawal', 'transfer', 'settlement', 'purchase'];

describe('sagas', () => {
  it('starts each command in the aggregate its first step writes', () => {
    expect(targetOf(commandOf('transfer'), firstStep(commandOf('transfer')))).toEqual({ aggregate: 'account', id: 'payer' });
    expect(targetOf(commandOf('deposit'), firstStep(commandOf('deposit')))).toEqual({ aggregate: 'account', id: 'payee' });
    expect(targetOf(commandOf('purchase'), firstStep(commandOf('purchase')))).toEqual({ aggregate: 'product', id: 'sku-1' });
  });

  it.each(KINDS)('moves a %s exactly once when no step is refused', (kind) => {
    const run = walk(commandOf(kind), () => false);
    expect(run.status).toBe('COMPLETED');
    if (kind !== 'deposit') expect(run.balances.get('payer')).toBe(-500n);
    if (kind !== 'withdrawal') expect(run.balances.get('payee')).toBe(500n);
    expect(run.stock).toBe(kind === 'purchase' ? -2 : 0);
  });

  it('gives a refused purchase payment its stock back, and a refused merchant credit both money and stock', () => {
    expect(walk(commandOf('purchase'), (step) => step === 'debit').steps).toEqual(['reserve', 'debit', 'release']);
    const refusedCredit = walk(commandOf('purchase'), (step) => step === 'credit');
    expect(refusedCredit.steps).toEqual(['reserve', 'debit', 'credit', 'refund', 'release']);
    expect([refusedCredit.status, refusedCredit.balances.get('payer'), refusedCredit.stock]).toEqual(['FAILED', 0n, 0]);
  });

  it('ends every saga, and a failed one has moved nothing in the end, whatever is refused (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
        (kind, amount, refusals) => {
          const run = walk(commandOf(kind, amount), (_step, index) => refusals[index] === true);
          if (run.status === 'FAILED') {
            for (const [account, net] of run.balances) expect(net, account).toBe(0n);
            expect([run.world, run.stock]).toEqual([0n, 0]);
          } else {
            const total = [...run.balances.values()].reduce((a, b) => a + b, 0n) + run.world;
            expect(total).toBe(0n);
          }
        },
      ),
    );
  });

  it('holds a transfer’s money in flight only between its debit and its credit or refund', () => {
    const c = commandOf('transfer');
    expect([inFlightAt(c, 'debit'), inFlightAt(c, 'credit'), inFlightAt(c, 'refund')]).toEqual([0n, 500n, 500n]);
    expect(inFlightAt(commandOf('deposit'), 'credit')).toBe(0n);
  });

  it('refuses to refuse a step that gives back what the saga took', () => {
    expect(() => afterStep(commandOf('transfer'), 'refund', 'refused')).toThrow(/never refused/);
    expect(() => afterStep(commandOf('purchase'), 'release', 'refused')).toThrow(/never refused/);
  });
});
