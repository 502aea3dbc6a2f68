import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../../shared/auth/caller';
import { documentClient } from '../../../shared/dynamo/client';
import { readSourceAndDestination } from '../../../shared/ledger/accounts';
import { OWNER_ID, putAccount } from '../../support/ledger';
import { useTables } from '../../support/tables';

const reads: number[] = [];
beforeAll(async () => {
  await useTables();
  documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName?.startsWith('BatchGet')) {
        const requestItems = (args.input as { RequestItems: Record<string, { Keys: unknown[] }> }).RequestItems;
        reads.push(Object.values(requestItems)[0]?.Keys.length ?? 0);
      }
      return next(args);
    },
    { step: 'initialize', name: 'countAccountReads' },
  );
});

const owner = { userId: OWNER_ID } as Caller;

describe('the accounts a transfer names, read at acceptance', () => {
  it('reads each account once per container: its owner and currency never change', async () => {
    const from = await putAccount(1000n);
    const to = await putAccount(0n, { ownerId: 'u-payee', currency: 'EUR' });
    reads.length = 0;
    const first = await readSourceAndDestination(owner, from, to);
    const again = await readSourceAndDestination(owner, from, to);
    expect(first).toEqual({ from: { id: from, ownerId: OWNER_ID, currency: 'EUR' }, to: { id: to, ownerId: 'u-payee', currency: 'EUR' } });
    expect(again).toEqual(first);
    expect(reads).toEqual([2]);
  });

  it('reads a destination it did not find again, and finds it once it exists', async () => {
    const from = await putAccount(1000n);
    const missing = ulid();
    reads.length = 0;
    expect((await readSourceAndDestination(owner, from, missing)).to).toBeUndefined();
    expect((await readSourceAndDestination(owner, from, missing)).to).toBeUndefined();
    expect(reads).toEqual([2, 1]);
  });

  it('refuses, as not found, a source the caller does not own, known or not', async () => {
    const theirs = await putAccount(1000n, { ownerId: 'u-someone-else' });
    const to = await putAccount(0n);
    const stranger = { userId: 'u-stranger' } as Caller;
    await expect(readSourceAndDestination(stranger, theirs, to)).rejects.toMatchObject({ reason: 'not-found' });
    await readSourceAndDestination({ userId: 'u-someone-else' } as Caller, theirs, to);
    await expect(readSourceAndDestination(stranger, theirs, to)).rejects.toMatchObject({ reason: 'not-found' });
  });
});
