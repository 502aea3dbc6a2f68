import { describe, expect, it } from 'vitest';
import { outcomeEvent, type TransferItem } from '../../../shared/ledger/transfers';

const settlement: TransferItem = {
  pk: 'TRANSFER#t1',
  sk: 'TRANSFER',
  id: 't1',
  kind: 'settlement',
  status: 'FAILED',
  fromAccountId: 'acc-ben',
  toAccountId: 'acc-ann',
  participantIds: ['ben', 'ann'],
  initiatorId: 'ben',
  amountMinor: 500n,
  currency: 'EUR',
  memo: 'Settlement in Trip',
  createdAt: '2026-11-22T10:00:00.000Z',
  failedAt: '2026-11-22T10:00:01.000Z',
  failureReason: 'INSUFFICIENT_FUNDS',
  groupId: 'trip',
  settlementId: 's1',
};

describe('who hears about a transfer', () => {
  const completed: TransferItem = { ...settlement, status: 'COMPLETED', completedAt: '2026-11-22T10:00:01.000Z' };

  it('pushes a completed settlement transfer only to its two accounts and their owners, never to the whole group', () => {
    expect(outcomeEvent(completed).detail.topics).toEqual(['account:acc-ben', 'account:acc-ann', 'user:ben', 'user:ann']);
  });

  it('pushes a failed transfer only to its initiator and the account the money would have left, never to the payee', () => {
    expect(outcomeEvent(settlement).detail.topics).toEqual(['account:acc-ben', 'user:ben']);
  });

  it('pushes a completed deposit to its one account and its owner', () => {
    const deposit: TransferItem = { ...completed, kind: 'deposit', fromAccountId: null, participantIds: ['ann'], initiatorId: 'ann' };
    const { groupId: _, settlementId: __, ...plain } = deposit;
    expect(outcomeEvent(plain).detail.topics).toEqual(['account:acc-ann', 'user:ann']);
  });
});
