/**
 * The client's address as the gateway saw it: `requestContext.identity.sourceIp` on API
 * Gateway (the TCP peer, or the first hop it trusts), the socket's address on the local
 * runtime. Never a header such as `x-forwarded-for`: a client writes those itself.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';

/** What counts as the address when the gateway names none (never on API Gateway). */
const UNKNOWN_ADDRESS = 'unknown';

export function clientAddressOf(event: Pick<APIGatewayProxyEvent, 'requestContext'>): string {
  const address = event.requestContext?.identity?.sourceIp;
  return typeof address === 'string' && address !== '' ? address : UNKNOWN_ADDRESS;
}
