/**
 * Lambda authorizer for the REST API (TOKEN event: `authorizationToken` =
 * `Bearer <jwt>`) and the WebSocket `$connect` route (REQUEST event: `?token=<jwt>`,
 * because browsers cannot set headers on a WebSocket handshake). It verifies the
 * access token, checks that its session is still live (shared/auth/access.ts) and hands
 * the user id, the current roles and whether the email is verified on as the request
 * context; handlers read them with `callerOf` and never parse tokens.
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { currentAccess } from '../../shared/auth/access';
import { verificationKeys } from '../../shared/auth/signing-key';
import { verifyAccessToken } from '../../shared/auth/tokens';
import { AUTHORIZER_DENIAL } from '../../shared/http/gateway-problems';
import { lambdaEntry } from '../../shared/observability/entry';

type AuthorizerEvent = APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent;

const BEARER = /^Bearer\s+(\S+)$/i;
/** `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/…` */
const METHOD_ARN = /^(arn:[^:]+:execute-api:[^:]+:[^:]+:[^/]+\/[^/]+)\//;

export function tokenOf(event: AuthorizerEvent): string | undefined {
  if (event.type === 'TOKEN') return BEARER.exec(event.authorizationToken ?? '')?.[1];
  return event.queryStringParameters?.token || undefined;
}

/**
 * The policy allows the whole stage (`…/<stage>/*`), not only `methodArn`: API Gateway
 * caches the policy per token, and a cached policy naming one route would deny the
 * same token every other route until the cache expires.
 */
export function stageWildcard(methodArn: string): string {
  const stage = METHOD_ARN.exec(methodArn)?.[1];
  if (!stage) throw new Error(`Invariant: API Gateway sent a methodArn that is not an execute-api ARN: ${methodArn}`);
  return `${stage}/*`;
}

export const handler = lambdaEntry(async (event: AuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
  const token = tokenOf(event);
  const claims = token ? await verifyAccessToken(token, await verificationKeys()) : undefined;
  // A token without a session id was not issued by this code: nothing could revoke it.
  const access = claims?.sessionId ? await currentAccess(claims.userId, claims.sessionId) : undefined;
  if (!claims || !access) throw new Error(AUTHORIZER_DENIAL);
  return {
    principalId: claims.userId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageWildcard(event.methodArn) }],
    },
    // Context values must be primitives: roles travel comma-joined (`callerOf` splits them).
    context: { userId: claims.userId, roles: access.roles.join(','), emailVerified: String(access.emailVerified) },
  };
});
