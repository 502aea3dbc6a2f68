/**
 * WebSocket $connect: the authorizer accepted the token (query parameter `token`);
 * remember who this connection is, because later messages do not reliably carry the
 * authorizer context on AWS.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Role } from '../../shared/http/caller';
import { lambdaEntry } from '../../shared/observability/entry';
import { saveConnection } from '../../shared/ws/connections';

interface ConnectEvent {
  readonly requestContext: { readonly connectionId?: string; readonly authorizer?: Record<string, unknown> | null };
}

export const handler = lambdaEntry(async (event: ConnectEvent): Promise<APIGatewayProxyResult> => {
  const { connectionId, authorizer } = event.requestContext;
  const userId = authorizer?.userId;
  if (!connectionId || typeof userId !== 'string' || userId === '') return { statusCode: 401, body: 'Unauthorized' };
  // The authorizer context holds strings only, so roles arrive as `user,admin`.
  const roles = String(authorizer?.roles ?? 'user')
    .split(',')
    .filter((role): role is Role => role === 'user' || role === 'admin');
  await saveConnection(connectionId, userId, roles);
  return { statusCode: 200, body: '' };
});
