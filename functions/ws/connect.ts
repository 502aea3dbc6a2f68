/** WebSocket $connect: the authorizer accepted the token; remember who this connection is. */
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Role } from '../../shared/http/caller';
import { saveConnection } from '../../shared/ws/connections';

interface ConnectEvent {
  readonly requestContext: { readonly connectionId?: string; readonly authorizer?: Record<string, unknown> | null };
}

export const handler = async (event: ConnectEvent): Promise<APIGatewayProxyResult> => {
  const { connectionId, authorizer } = event.requestContext;
  const userId = authorizer?.userId;
  if (!connectionId || typeof userId !== 'string') return { statusCode: 401, body: 'Unauthorized' };
  const roles = String(authorizer?.roles ?? 'user').split(',') as Role[];
  await saveConnection(connectionId, userId, roles);
  return { statusCode: 200, body: '' };
};
