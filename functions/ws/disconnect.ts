/** WebSocket $disconnect: the connection and all its subscriptions go. */
import type { APIGatewayProxyResult, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { lambdaEntry } from '../../shared/observability/entry';
import { deleteConnection } from '../../shared/ws/connections';

export const handler = lambdaEntry(async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResult> => {
  await deleteConnection(event.requestContext.connectionId);
  return { statusCode: 200, body: '' };
});
