/**
 * Table creation as AWS does it (a new table is CREATING for a while; TTL can be refused),
 * with a scripted client, and against the run's DynamoDB Local.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  DynamoDBServiceException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { randomPrefix } from '../../../infra/local/runtime';
import { createTables } from '../../../infra/local/tables';
import { type Manifest, manifest } from '../../../manifest/manifest';
import { useLocalAwsEnv } from '../../support/env';

const table = manifest.tables.find((t) => t.ttlAttribute) as Manifest['tables'][number];
const oneTable: Manifest = { ...manifest, tables: [table] };

const awsError = (name: string, message: string) =>
  new DynamoDBServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 400 } });

/** A client that answers like AWS: the table is CREATING for `creatingDescribes` calls; UpdateTimeToLive as scripted. */
function scriptedClient(options: { creatingDescribes: number; updateTtl: () => Promise<unknown> }) {
  const sent: string[] = [];
  let describes = 0;
  const client = {
    send: async (command: unknown) => {
      sent.push((command as object).constructor.name);
      if (command instanceof CreateTableCommand) return {};
      if (command instanceof DescribeTableCommand) {
        describes += 1;
        return { Table: { TableStatus: describes > options.creatingDescribes ? 'ACTIVE' : 'CREATING' } };
      }
      if (command instanceof DescribeTimeToLiveCommand) return { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } };
      if (command instanceof UpdateTimeToLiveCommand) return options.updateTtl();
      throw new Error(`unexpected ${sent.at(-1)}`);
    },
  };
  return { client: client as unknown as DynamoDBClient, sent };
}

describe('creating the tables', () => {
  it('waits until a new table is ACTIVE before switching its TTL on', async () => {
    const { client, sent } = scriptedClient({ creatingDescribes: 1, updateTtl: async () => ({}) });
    await createTables(client, 'p', oneTable);
    expect(sent).toEqual([
      'CreateTableCommand',
      'DescribeTableCommand',
      'DescribeTableCommand',
      'DescribeTimeToLiveCommand',
      'UpdateTimeToLiveCommand',
    ]);
  });

  it('fails, naming the table, when TTL cannot be switched on', async () => {
    const { client } = scriptedClient({
      creatingDescribes: 0,
      updateTtl: () => Promise.reject(awsError('AccessDeniedException', 'not allowed')),
    });
    await expect(createTables(client, 'p', oneTable)).rejects.toThrow(
      `Could not switch on TTL (${table.ttlAttribute}) for table p-${table.name}: not allowed`,
    );
  });

  it('accepts TTL that is already enabled', async () => {
    const { client } = scriptedClient({
      creatingDescribes: 0,
      updateTtl: () => Promise.reject(awsError('ValidationException', 'TimeToLive is already enabled')),
    });
    await expect(createTables(client, 'p', oneTable)).resolves.toEqual({ [table.name]: `p-${table.name}` });
  });

  it('finds the tables of an earlier run on DynamoDB Local, TTL still on', async () => {
    useLocalAwsEnv();
    const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint') });
    const prefix = randomPrefix();
    try {
      const first = await createTables(client, prefix);
      expect(await createTables(client, prefix)).toEqual(first);
      for (const name of Object.values(first)) {
        const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
        expect(ttl.TimeToLiveDescription?.TimeToLiveStatus).toBe('ENABLED');
      }
    } finally {
      client.destroy();
    }
  });
});
