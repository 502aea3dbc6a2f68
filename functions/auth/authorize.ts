/**
 * Lambda authorizer for the REST API (TOKEN: `Authorization: Bearer <jwt>`) and the
 * WebSocket `$connect` route (REQUEST: `?token=<jwt>`). It verifies the JWT and passes
 * the user id and roles on as the request context; handlers never parse tokens.
 *
 * The policy allows the whole stage (`…/<stage>/*`), not just `methodArn`: API Gateway
 * caches the policy per token, and a policy naming one route would deny the others.
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { signingKey } from '../../shared/auth/signing-key';
import { verifyAccessToken } from '../../shared/auth/tokens';

type AuthorizerEvent = APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent;

export function tokenOf(event: AuthorizerEvent): string | undefined {
  if (event.type === 'TOKEN') {
    const match = /^Bearer\s+(\S+)$/i.exec(event.authorizationToken ?? '');
    return match?.[1];
  }
  return event.queryStringParameters?.token ?? undefined;
}

/** `arn:aws:execute-api:region:account:apiId/stage/METHOD/path` → `…:apiId/stage/*` */
export function stageWildcard(methodArn: string): string {
  const [prefix, path = ''] = methodArn.split(/:(?=[^:]*$)/);
  const [apiId, stage] = path.split('/');
  return `${prefix}:${apiId}/${stage}/*`;
}

export const handler = async (event: AuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
  const token = tokenOf(event);
  const claims = token ? await verifyAccessToken(token, await signingKey()) : undefined;
  // API Gateway's convention: this exact message answers 401.
  if (!claims) throw new Error('Unauthorized');
  return {
    principalId: claims.userId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageWildcard(event.methodArn) }],
    },
    context: { userId: claims.userId, roles: claims.roles.join(',') },
  };
};
