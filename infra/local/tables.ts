/**
 * Creates the manifest's tables (idempotent for a persisted data dir or an existing
 * table), waits until each is ACTIVE and has its TTL switched on. DynamoDB Local does
 * all of this at once; on AWS a table takes seconds to become ACTIVE.
 */
import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { manifest as defaultManifest, type GsiSpec, gsiProjection, type Manifest, type TableSpec } from '../../manifest/manifest';

/** Bound on the wait for a new table to become ACTIVE (on AWS usually well under a minute). */
const TABLE_ACTIVE_TIMEOUT_SECONDS = 300;
const TABLE_POLL_MIN_SECONDS = 1;
const TABLE_POLL_MAX_SECONDS = 10;

const projectionOf = (g: GsiSpec) => {
  const { type, nonKeyAttributes } = gsiProjection(g);
  return { ProjectionType: type, ...(nonKeyAttributes.length ? { NonKeyAttributes: [...nonKeyAttributes] } : {}) };
};

export function physicalTableName(prefix: string, table: TableSpec): string {
  return `${prefix}-${table.name}`;
}

/** Creates the table, or finds it from an earlier run. */
async function ensureTable(client: DynamoDBClient, name: string, table: TableSpec): Promise<void> {
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
                Projection: projectionOf(g),
              })),
            }
          : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error; // otherwise persisted from an earlier run
  }
}

async function waitUntilActive(client: DynamoDBClient, name: string): Promise<void> {
  try {
    await waitUntilTableExists(
      { client, maxWaitTime: TABLE_ACTIVE_TIMEOUT_SECONDS, minDelay: TABLE_POLL_MIN_SECONDS, maxDelay: TABLE_POLL_MAX_SECONDS },
      { TableName: name },
    );
  } catch (error) {
    throw new Error(`Table ${name} did not become ACTIVE within ${TABLE_ACTIVE_TIMEOUT_SECONDS} s: ${(error as Error).message}`);
  }
}

/**
 * Switches TTL on unless it is on (or on its way). AWS refuses a second UpdateTimeToLive
 * within an hour of the first, hence the look first. DynamoDB Local accepts the setting
 * but never expires items; readers treat expired items as absent.
 */
async function ensureTimeToLive(client: DynamoDBClient, name: string, attribute: string): Promise<void> {
  const current = (await client.send(new DescribeTimeToLiveCommand({ TableName: name }))).TimeToLiveDescription;
  const status = current?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') {
    if (current?.AttributeName === attribute) return;
    throw new Error(`Table ${name} has TTL on ${current?.AttributeName}, but the manifest says ${attribute}`);
  }
  try {
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: attribute, Enabled: true } }),
    );
  } catch (error) {
    if ((error as Error).name === 'ValidationException' && /already enabled/i.test((error as Error).message)) return;
    throw new Error(`Could not switch on TTL (${attribute}) for table ${name}: ${(error as Error).message}`);
  }
}

async function createTable(client: DynamoDBClient, name: string, table: TableSpec): Promise<void> {
  await ensureTable(client, name, table);
  await waitUntilActive(client, name);
  if (table.ttlAttribute) await ensureTimeToLive(client, name, table.ttlAttribute);
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
