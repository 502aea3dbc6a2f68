/** Posting to WebSocket clients through the @connections management API. */
import { ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { requireEnv } from '../config/env';

let client: ApiGatewayManagementApiClient | undefined;

/** One client per container, created on first use (the endpoint comes from the environment). */
export function managementClient(): ApiGatewayManagementApiClient {
  client ??= new ApiGatewayManagementApiClient({ endpoint: requireEnv('WS_MANAGEMENT_ENDPOINT'), maxAttempts: 2 });
  return client;
}

export type PostOutcome = 'sent' | 'gone' | 'failed';

export async function postToConnection(connectionId: string, message: unknown, api = managementClient()): Promise<PostOutcome> {
  try {
    await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(JSON.stringify(message)) }));
    return 'sent';
  } catch (error) {
    if (error instanceof GoneException || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 410) {
      return 'gone';
    }
    return 'failed';
  }
}
