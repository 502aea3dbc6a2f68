/** Posting to WebSocket clients through the API Gateway `@connections` management API. */
import { ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { requireEnv } from '../config/env';
import { logger } from '../observability/logger';

/** API Gateway WebSocket: at most 128 KB per message; larger posts are refused, so we refuse first. */
export const MAX_MESSAGE_BYTES = 128 * 1024;

/** The one method we use, so tests can pass a hand-written fake instead of the SDK client. */
export interface ManagementApi {
  send(command: PostToConnectionCommand): Promise<unknown>;
}

let client: ApiGatewayManagementApiClient | undefined;

/**
 * One client per container, created on first use rather than at import so modules that
 * only import types or pure helpers need no endpoint. The endpoint is
 * `https://{domain}/{stage}` on AWS and the local runtime's `@connections` server locally.
 */
export function managementClient(): ApiGatewayManagementApiClient {
  client ??= new ApiGatewayManagementApiClient({
    endpoint: requireEnv('WS_MANAGEMENT_ENDPOINT'),
    maxAttempts: 2,
    cacheMiddleware: true, // one push per subscriber: see the EventBridge client
  });
  return client;
}

/** `gone`: the client disconnected (HTTP 410, `GoneException` in SDK v3); its connection should be deleted. */
export type PostOutcome = 'sent' | 'gone' | 'failed';

export function isGone(error: unknown): boolean {
  return error instanceof GoneException || (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 410;
}

/** Never throws: a push that cannot be delivered is an outcome for the caller to act on. */
export async function postToConnection(
  connectionId: string,
  message: unknown,
  api: ManagementApi = managementClient(),
): Promise<PostOutcome> {
  const data = Buffer.from(JSON.stringify(message));
  if (data.byteLength > MAX_MESSAGE_BYTES) {
    logger.warn('message too large for API Gateway WebSocket; not sent', { connectionId, bytes: data.byteLength });
    return 'failed';
  }
  try {
    await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
    return 'sent';
  } catch (error) {
    if (isGone(error)) return 'gone';
    logger.warn('post to connection failed', { connectionId, error: error as Error });
    return 'failed';
  }
}
