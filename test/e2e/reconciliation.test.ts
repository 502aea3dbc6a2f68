/**
 * The reconciliation on the local runtime, as an admin runs it: books written by real traffic
 * (deposits, transfers, a purchase, a withdrawal refused for lack of funds) pass; one corrupted
 * item fails them, named in the report; nobody else may run it.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { EvenlyClient } from '../../shared/client/evenly-client';
import { keys } from '../../shared/dynamo/keys';
import type { ReconciliationReport } from '../../shared/reconciliation/schemas';
import { useLocalRuntime } from '../support/runtime';
import { signUp, signUpVerified } from '../support/users';

const ADMIN_EMAIL = `admin-${randomUUID().slice(0, 8)}@example.com`;
const runtime = useLocalRuntime({ env: { ADMIN_EMAILS: ADMIN_EMAIL } });

async function adminClient(): Promise<EvenlyClient> {
  return (await signUpVerified(runtime().httpUrl, 'Admin', ADMIN_EMAIL)).client;
}

describe('reconciliation', () => {
  it('passes the books real traffic wrote, fails them once an item is corrupted, and is for admins only', async () => {
    const admin = await adminClient();
    const { client: ada } = await signUp(runtime().httpUrl, 'Ada');
    const { client: bob } = await signUp(runtime().httpUrl, 'Bob');
    const adaEur = await ada.createAccount({ currency: 'EUR' });
    const bobEur = await bob.createAccount({ currency: 'EUR' });
    const adaJpy = await ada.createAccount({ currency: 'JPY' });
    for (const [client, command] of [
      [ada, await ada.deposit(adaEur.id, '50.00')],
      [ada, await ada.deposit(adaJpy.id, '1200')],
      [bob, await bob.deposit(bobEur.id, '5.00')],
    ] as const) {
      expect((await client.settled(command, 30_000)).status).toBe('COMPLETED');
    }
    const transfer = await ada.transfer({ fromAccountId: adaEur.id, toAccountId: bobEur.id, amount: '12.34', currency: 'EUR' });
    const refused = await bob.withdraw(bobEur.id, '1000.00');
    const sku = `sku-${randomUUID().slice(0, 8)}`;
    await bob.createProduct({ sku, name: 'Tea', price: '2.50', currency: 'EUR', stock: 5, merchantAccountId: bobEur.id });
    const purchase = await ada.buy({ sku, quantity: 2, accountId: adaEur.id });
    expect((await ada.purchaseSettled(purchase, 30_000)).status).toBe('COMPLETED');
    expect((await ada.settled(transfer, 30_000)).status).toBe('COMPLETED');
    expect((await bob.settled(refused, 30_000)).status).toBe('FAILED');

    expect((await ada.raw('POST', '/admin/reconciliations')).status).toBe(404);
    const clean = await admin.call<ReconciliationReport>('POST', '/admin/reconciliations');
    expect(clean).toMatchObject({ passed: true, complete: true, violationCount: 0, violations: [] });
    expect(clean.currencies.map((c) => [c.currency, c.balancesMinor, c.totalMinor])).toEqual([
      ['EUR', '5500', '0'],
      ['JPY', '1200', '0'],
    ]);

    // One digit changed behind the ledger's back.
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime().dynamoEndpoint }));
    await db.send(
      new UpdateCommand({
        TableName: runtime().tables.main,
        Key: keys.account(bobEur.id),
        UpdateExpression: 'ADD balance :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    const corrupted = await admin.call<ReconciliationReport>('POST', '/admin/reconciliations');
    expect(corrupted.passed).toBe(false);
    expect(corrupted.violations.map((v) => [v.type, v.subject])).toEqual(
      expect.arrayContaining([
        ['CURRENCY_IMBALANCE', 'EUR'],
        ['BALANCE_NOT_FOLD_OF_ENTRIES', `account ${bobEur.id}`],
      ]),
    );
  });
});
