/**
 * Lambda authorizer for the REST API (TOKEN) and WebSocket $connect (REQUEST, token
 * in the `token` query parameter). First version: refuses every token. The auth
 * module replaces the verification.
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';

export const handler = async (
  _event: APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> => {
  throw new Error('Unauthorized');
};
