/**
 * The transfer processor as Lambda runs it: bundled with the stack's esbuild settings
 * (minified, ESM, the environment-only credential provider), imported from the bundle
 * and run against DynamoDB Local with credentials from the environment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleHandler } from '../../../scripts/bench/bundles';
import { toMinor } from '../../../shared/domain/money';
import { documentClient, mainTableName } from '../../../shared/dynamo/client';
import { keys } from '../../../shared/dynamo/keys';
import { buildTransfer } from '../../../shared/ledger/accept-transfer';
import { newTransferRecord } from '../../../shared/ledger/transfers';
import { lambdaContext, sqsEventOf, usePipeline } from '../../support/pipeline';

usePipeline();
const dir = mkdtempSync(join(tmpdir(), 'evenly-bundle-'));
let inputs: string[] = [];
let handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

beforeAll(async () => {
  const outfile = join(dir, 'complete-transfer.mjs');
  inputs = await bundleHandler('functions/processors/complete-transfer.ts', outfile);
  handler = ((await import(pathToFileURL(outfile).href)) as { handler: typeof handler }).handler;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function account(balance: bigint): Promise<string> {
  const id = ulid();
  const item = { ...keys.account(id), id, ownerId: 'u-owner', name: 'a', currency: 'EUR', balance, version: 0, status: 'OPEN' };
  await documentClient.send(new PutCommand({ TableName: mainTableName(), Item: { ...item, createdAt: new Date().toISOString() } }));
  return id;
}

describe('the bundled transfer processor', () => {
  it('leaves the SDK default credential chain out of the bundle', () => {
    expect(inputs.some((file) => file.includes('shared/aws/lambda-credentials'))).toBe(true);
    expect(inputs.filter((file) => /credential-provider-(node|sso|ini|process|web-identity)|nested-clients/.test(file))).toEqual([]);
  });

  it('completes a transfer against DynamoDB with credentials from the environment', async () => {
    const [from, to] = [await account(500n), await account(0n)];
    const transfer = buildTransfer({
      caller: { userId: 'u-owner', roles: ['user'], isAdmin: false },
      idempotencyKey: undefined,
      request: {},
      kind: 'transfer',
      fromAccountId: from,
      toAccountId: to,
      participantIds: ['u-owner'],
      amountMinor: 120n,
      currency: 'EUR',
    });
    const { record, event } = newTransferRecord(transfer);
    await documentClient.send(new PutCommand({ TableName: mainTableName(), Item: record }));

    expect(await handler(sqsEventOf(event.type, event.detail), lambdaContext)).toEqual({ batchItemFailures: [] });

    const read = async (key: { pk: string; sk: string }) =>
      (await documentClient.send(new GetCommand({ TableName: mainTableName(), Key: key, ConsistentRead: true }))).Item;
    expect((await read(keys.transfer(transfer.id)))?.status).toBe('COMPLETED');
    expect([toMinor((await read(keys.account(from)))?.balance), toMinor((await read(keys.account(to)))?.balance)]).toEqual([380n, 120n]);
  });
});
