import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { connectToDynamo, type DynamoDbLocal, LOCAL_CLIENT_CONFIG, startDynamoDbLocal } from '../../../infra/local/dynamodb';
import { REPO_ROOT } from '../../../infra/local/lambda';
import { eventually } from '../../support/eventually';
import { isAlive } from '../../support/processes';

/** Sets environment variables for one test (undefined removes one) and puts them back after. */
function useEnv(values: Record<string, string | undefined>): void {
  let saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
}

describe.skipIf(process.platform === 'win32')('DynamoDB Local lifecycle', () => {
  useEnv({ AWS_ENDPOINT_URL_DYNAMODB: undefined });

  it('exits when the process that started it is killed without a chance to clean up (SIGKILL)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/support/dynamo-child.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    let javaPid: number | undefined;
    try {
      await eventually(
        () => /java \d+/.test(output) || child.exitCode !== null,
        'DynamoDB Local to print its java pid, or the child to exit',
        { timeoutMs: 30_000 },
      );
      javaPid = Number(/java (\d+)/.exec(output)?.[1]);
      expect(isAlive(javaPid)).toBe(true);
      child.kill('SIGKILL');
      await eventually(() => !isAlive(javaPid as number), `DynamoDB Local ${javaPid} outlived its parent`, { timeoutMs: 10_000 });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      if (javaPid && isAlive(javaPid)) process.kill(javaPid, 'SIGKILL');
    }
  });

  it('keeps its data in a data directory given relative to the working directory, across a restart', async () => {
    const root = mkdtempSync(join(tmpdir(), 'evenly-dynamodb-'));
    const dataDir = relative(process.cwd(), join(root, 'data'));
    expect(isAbsolute(dataDir)).toBe(false);
    const item = { pk: { S: 'kept' }, note: { S: 'across a restart' } };
    let dynamo: DynamoDbLocal | undefined;
    let client: DynamoDBClient | undefined;
    try {
      dynamo = await startDynamoDbLocal({ dataDir });
      client = new DynamoDBClient({ endpoint: dynamo.endpoint, ...LOCAL_CLIENT_CONFIG });
      await client.send(
        new CreateTableCommand({
          TableName: 'restart',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        }),
      );
      await client.send(new PutItemCommand({ TableName: 'restart', Item: item }));
      client.destroy();
      await dynamo.stop();

      dynamo = await startDynamoDbLocal({ dataDir });
      client = new DynamoDBClient({ endpoint: dynamo.endpoint, ...LOCAL_CLIENT_CONFIG });
      const read = await client.send(new GetItemCommand({ TableName: 'restart', Key: { pk: item.pk }, ConsistentRead: true }));
      expect(read.Item).toEqual(item);
    } finally {
      client?.destroy();
      await dynamo?.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });

  describe('when Java cannot start it', () => {
    // The JVM refuses a 1 KB heap: it prints why and exits with code 1 before DynamoDB Local runs.
    useEnv({ JAVA_TOOL_OPTIONS: '-Xmx1k' });

    it('reports what DynamoDB Local printed instead of guessing the cause', async () => {
      const starting = startDynamoDbLocal();
      await expect(starting).rejects.toThrow(
        /^DynamoDB Local \(pid \d+\) exited while starting with code 1; it printed: .*Too small maximum heap/,
      );
      await expect(starting).rejects.not.toThrow(/Java 17/);
    });
  });
});

describe('another DynamoDB endpoint (LocalStack, AWS)', () => {
  // Nothing for the SDK's credential chain to find: no variables, no profile files, no instance metadata.
  useEnv({
    AWS_REGION: undefined,
    AWS_DEFAULT_REGION: undefined,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_CONFIG_FILE: join(tmpdir(), 'evenly-no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), 'evenly-no-aws-credentials'),
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
    AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
    AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
    AWS_EC2_METADATA_DISABLED: 'true',
  });

  it("asks for a region and credentials when the SDK finds none, instead of sending DynamoDB Local's dummies", async () => {
    await expect(connectToDynamo(inject('dynamoEndpoint'))).rejects.toThrow(
      /^No AWS region or credentials for the DynamoDB at .*set AWS_REGION/,
    );
  });

  it('connects with the region and credentials the SDK finds', async () => {
    Object.assign(process.env, { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'FromEnv', AWS_SECRET_ACCESS_KEY: 'FromEnv' });
    const dynamo = await connectToDynamo(inject('dynamoEndpoint'));
    expect(dynamo.pid).toBeUndefined();
    await dynamo.stop();
  });

  it('says at once that the endpoint refused those credentials, instead of retrying until the deadline', async () => {
    // DynamoDB Local, like AWS, refuses an access key id that is not alphanumeric.
    Object.assign(process.env, { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'not-valid', AWS_SECRET_ACCESS_KEY: 'FromEnv' });
    const startedAt = Date.now();
    await expect(connectToDynamo(inject('dynamoEndpoint'))).rejects.toThrow(/refused ListTables: UnrecognizedClientException/);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });
});
