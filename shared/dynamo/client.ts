/**
 * One DynamoDB document client per Lambda container (module scope, reused across
 * invocations). The endpoint comes from the SDK's standard `AWS_ENDPOINT_URL_DYNAMODB`
 * variable, so the same code talks to AWS, LocalStack or DynamoDB Local.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CONNECTIONS_TABLE, MAIN_TABLE, tableEnvVar } from '../../manifest/resources';
import { requireEnv } from '../config/env';

export const dynamo = new DynamoDBClient({ maxAttempts: 3 });

/**
 * Integers beyond 2^53 come back as bigint, so money read from the table is never
 * rounded; everything else stays a plain number. Money code converts with `BigInt(x)`.
 */
export function readNumber(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) || !/^-?\d+$/.test(text) ? n : BigInt(text);
}

export const documentClient = DynamoDBDocumentClient.from(dynamo, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  unmarshallOptions: { wrapNumbers: readNumber },
});

export const mainTableName = (): string => requireEnv(tableEnvVar(MAIN_TABLE));
export const connectionsTableName = (): string => requireEnv(tableEnvVar(CONNECTIONS_TABLE));
