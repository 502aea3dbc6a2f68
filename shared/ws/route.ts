/**
 * The shape every WebSocket action route shares: parse the message, find who is
 * connected, run the action, post the replies to the caller through `@connections`,
 * never throw at the client.
 *
 * Replies go through PostToConnection rather than the route's return value: on AWS a
 * returned body reaches the client only when a route response is configured, and an
 * action may answer more than once (a 403 per refused topic, then `subscribed`).
 * Posting works the same on API Gateway and on the local runtime.
 */
import type { APIGatewayProxyResult, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { lambdaEntry } from '../observability/entry';
import { logger } from '../observability/logger';
import * as z from '../validation/zod';
import { type ConnectionItem, getConnection } from './connections';
import { type Reply, UNKNOWN_CONNECTION } from './messages';
import { postToConnection } from './post';

export interface WsRequest<T> {
  readonly connectionId: string;
  readonly connection: ConnectionItem;
  readonly message: T;
}

/** An empty body: the local runtime (like API Gateway without a route response) then sends nothing itself. */
const OK: APIGatewayProxyResult = { statusCode: 200, body: '' };

async function repliesFor<T>(
  event: APIGatewayProxyWebsocketEventV2,
  schema: z.ZodMiniType<T>,
  action: (request: WsRequest<T>) => Promise<Reply | readonly Reply[]>,
): Promise<Reply | readonly Reply[]> {
  const connectionId = event.requestContext.connectionId;
  let body: unknown;
  try {
    body = JSON.parse(event.body ?? '');
  } catch {
    return { type: 'error', status: 400, detail: 'Messages must be JSON.' };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { type: 'error', status: 400, detail: z.prettifyError(parsed.error) };
  const connection = await getConnection(connectionId);
  if (!connection) return UNKNOWN_CONNECTION;
  return action({ connectionId, connection, message: parsed.data });
}

export function wsRoute<T>(schema: z.ZodMiniType<T>, action: (request: WsRequest<T>) => Promise<Reply | readonly Reply[]>) {
  return lambdaEntry(async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResult> => {
    const connectionId = event.requestContext.connectionId;
    let replies: Reply | readonly Reply[];
    try {
      replies = await repliesFor(event, schema, action);
    } catch (error) {
      logger.error('websocket action failed', { connectionId, routeKey: event.requestContext.routeKey, error: error as Error });
      replies = { type: 'error', status: 500, detail: 'Something went wrong on our side.' };
    }
    // In order, one at a time: clients read the 403s before the `subscribed` that follows them.
    for (const reply of Array.isArray(replies) ? replies : [replies]) await postToConnection(connectionId, reply);
    return OK;
  });
}
