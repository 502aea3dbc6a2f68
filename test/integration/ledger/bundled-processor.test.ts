/**
 * The account processor as Lambda runs it: bundled with the stack's esbuild settings
 * (minified, ESM, the environment-only credential provider, no event streams), imported from the bundle
 * and run against DynamoDB Local with credentials from the environment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleHandler } from '../../../scripts/bench/bundles';
import { documentClient, mainTableName } from '../../../shared/dynamo/client';
import { keys } from '../../../shared/dynamo/keys';
import { balanceOf, putAccount, putPendingTransfer } from '../../support/ledger';
import { lambdaContext, usePipeline } from '../../support/pipeline';

usePipeline();
const dir = mkdtempSync(join(tmpdir(), 'evenly-bundle-'));
let inputs: string[] = [];
let handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

beforeAll(async () => {
  const outfile = join(dir, 'apply-account-steps.mjs');
  inputs = await bundleHandler('functions/processors/apply-account-steps.ts', outfile);
  handler = ((await import(pathToFileURL(outfile).href)) as { handler: typeof handler }).handler;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bundled account processor', () => {
  it('leaves the SDK default credential chain out of the bundle', () => {
    expect(inputs.some((file) => file.includes('shared/aws/lambda-credentials'))).toBe(true);
    expect(inputs.filter((file) => /credential-provider-(node|sso|ini|process|web-identity)|nested-clients/.test(file))).toEqual([]);
  });

  it('leaves the SDK event-stream support and the classic zod API out of the bundle', () => {
    expect(inputs.some((file) => file.includes('shared/aws/no-event-streams'))).toBe(true);
    expect(inputs.filter((file) => /submodules\/event-streams|zod\/v4\/classic/.test(file))).toEqual([]);
  });

  it('completes a deposit against DynamoDB with credentials from the environment', async () => {
    const to = await putAccount(0n);
    const transfer = await putPendingTransfer(null, to, 120n);

    expect(await handler(transfer.sqsEvent(), lambdaContext)).toEqual({ batchItemFailures: [] });

    const { Item } = await documentClient.send(
      new GetCommand({ TableName: mainTableName(), Key: keys.transfer(transfer.id), ConsistentRead: true }),
    );
    expect(Item?.status).toBe('COMPLETED');
    expect(await balanceOf(to)).toBe(120n);
  });
});
