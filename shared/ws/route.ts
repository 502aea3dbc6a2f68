/**
 * The shape every WebSocket action route shares: parse the message, find who is
 * connected, run the action, post the reply to the caller through @connections (so
 * it works the same on API Gateway and locally), never throw at the client.
 */
import type { APIGatewayProxyResult, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { type ZodType, z } from 'zod';
import { logger } from '../http/logger';
import { type ConnectionItem, getConnection } from './connections';
import { postToConnection } from './post';

export interface WsRequest<T> {
  readonly connectionId: string;
  readonly connection: ConnectionItem;
  readonly message: T;
}

const OK: APIGatewayProxyResult = { statusCode: 200, body: '' };

export function wsRoute<T>(schema: ZodType<T>, action: (request: WsRequest<T>) => Promise<unknown>) {
  return async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResult> => {
    const connectionId = event.requestContext.connectionId;
    let reply: unknown;
    try {
      const parsed = schema.safeParse(JSON.parse(event.body ?? '{}'));
      const connection = await getConnection(connectionId);
      if (!connection) reply = { type: 'error', status: 401, detail: 'Unknown connection; reconnect.' };
      else if (!parsed.success) reply = { type: 'error', status: 400, detail: z.prettifyError(parsed.error) };
      else reply = await action({ connectionId, connection, message: parsed.data });
    } catch (error) {
      if (error instanceof SyntaxError) reply = { type: 'error', status: 400, detail: 'Messages must be JSON.' };
      else {
        logger.error('websocket action failed', { connectionId, error: error as Error });
        reply = { type: 'error', status: 500, detail: 'Something went wrong on our side.' };
      }
    }
    await postToConnection(connectionId, reply);
    return OK;
  };
}
