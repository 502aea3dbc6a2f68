/**
 * Integration tests: the manifest's tables under a fresh prefix on the shared DynamoDB
 * Local, with the TABLE_* variables set so adapters run as they do in Lambda.
 * Call at the top level of a test file, before importing modules that read env lazily.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { randomPrefix } from '../../infra/local/runtime';
import { createTables } from '../../infra/local/tables';
import { manifest } from '../../manifest/manifest';
import { useLocalAwsEnv } from './env';

export async function useTables(): Promise<Record<string, string>> {
  useLocalAwsEnv();
  const endpoint = inject('dynamoEndpoint');
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
  const client = new DynamoDBClient({ endpoint });
  const names = await createTables(client, randomPrefix());
  client.destroy();
  for (const table of manifest.tables) process.env[table.envVar] = names[table.name];
  return names;
}
