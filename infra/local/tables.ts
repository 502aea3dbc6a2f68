/** Creates the manifest's tables on DynamoDB Local (idempotent for a persisted data dir). */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { manifest as defaultManifest, type Manifest, type TableSpec } from '../manifest';

export function physicalTableName(prefix: string, table: TableSpec): string {
  return `${prefix}-${table.name}`;
}

async function createTable(client: DynamoDBClient, name: string, table: TableSpec): Promise<void> {
  const attributes = new Set([table.partitionKey, table.sortKey, ...table.gsis.flatMap((g) => [g.partitionKey, g.sortKey])]);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map((a) => ({ AttributeName: a, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ],
        ...(table.gsis.length > 0
          ? {
              GlobalSecondaryIndexes: table.gsis.map((g) => ({
                IndexName: g.name,
                KeySchema: [
                  { AttributeName: g.partitionKey, KeyType: 'HASH' },
                  { AttributeName: g.sortKey, KeyType: 'RANGE' },
                ],
                Projection: { ProjectionType: g.projection === 'keys' ? 'KEYS_ONLY' : 'ALL' },
              })),
            }
          : {}),
      }),
    );
  } catch (error) {
    if (error instanceof ResourceInUseException) return; // persisted from an earlier run
    throw error;
  }
  await client.send(new DescribeTableCommand({ TableName: name }));
  if (table.ttlAttribute) {
    // DynamoDB Local accepts the setting but never expires items; readers treat expired items as absent.
    await client
      .send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true } }))
      .catch(() => undefined);
  }
}

/** Returns the physical name of each manifest table, keyed by logical name. */
export async function createTables(client: DynamoDBClient, prefix: string, m: Manifest = defaultManifest): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  await Promise.all(
    m.tables.map(async (table) => {
      const name = physicalTableName(prefix, table);
      await createTable(client, name, table);
      names[table.name] = name;
    }),
  );
  return names;
}
