/**
 * Deleting an expense is a command like any other: answered 202 only once it is durable,
 * so a send lost after the answer is sent again by the sweeper, and the deletion still
 * happens. Here every first send of a deletion request is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExpenseDeletionRequestedV1 } from '../../events/expenses';
import { loseSends, type SentEntry } from '../../infra/local/faults';
import { sqs } from '../../shared/bus/queues';
import { useLocalRuntime } from '../support/runtime';
import { signUp } from '../support/users';

const dropped = new Set<string>();
const isFirstDeletionRequest = ({ body }: SentEntry): boolean => {
  if (body.type !== ExpenseDeletionRequestedV1.type) return false;
  const expenseId = String(body.detail.expenseId);
  if (dropped.has(expenseId)) return false;
  dropped.add(expenseId);
  return true;
};

const runtime = useLocalRuntime({ scheduleIntervalMs: 500, env: { SWEEPER_THRESHOLD_SECONDS: '1' } });
let restoreSends = () => {};
beforeAll(() => {
  restoreSends = loseSends(sqs, isFirstDeletionRequest);
});
afterAll(() => restoreSends());

describe('deleting an expense', () => {
  it('survives a lost send: the sweeper re-sends the request and the expense ends DELETED, its effect reversed', async () => {
    const [ann, ben] = [await signUp(runtime().httpUrl, 'Ann'), await signUp(runtime().httpUrl, 'Ben')];
    const group = await ann.client.createGroup({ name: 'Trip', currency: 'EUR' });
    await ann.client.addMember(group.id, ben.session.user.email);
    const split = { type: 'equal' as const, participants: [{ userId: ann.session.user.id }, { userId: ben.session.user.id }] };
    const expense = await ann.client.expenseSettled(
      group.id,
      await ann.client.addExpense(group.id, { description: 'Taxi', amount: '10.00', paidBy: ann.session.user.id, split }),
    );
    const res = await ann.client.raw('DELETE', `/groups/${group.id}/expenses/${expense.id}`);
    expect(res.status).toBe(202);
    expect(dropped.has(expense.id)).toBe(true);
    expect((await ann.client.expenseSettled(group.id, expense, 'DELETED', 30_000)).status).toBe('DELETED');
    const balances = await ann.client.balances(group.id);
    expect(balances.balances.map((b) => b.net)).toEqual(['0.00', '0.00']);
  }, 60_000);
});
