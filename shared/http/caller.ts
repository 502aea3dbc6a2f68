/**
 * Who is calling: read from the authorizer's context, which API Gateway (and the
 * local runtime) place in `requestContext.authorizer`. Handlers never parse tokens.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Caller, Role } from '../auth/caller';
import { optionalEnv } from '../config/env';
import { HttpProblem } from './problem';

export { type Caller, canSee, type Role } from '../auth/caller';

export function callerOf(event: Pick<APIGatewayProxyEvent, 'requestContext'>): Caller {
  const context = event.requestContext?.authorizer as Record<string, unknown> | null | undefined;
  const userId = context?.userId;
  if (typeof userId !== 'string' || userId === '') {
    throw new HttpProblem('unauthorized', 'A valid bearer token is required.');
  }
  const roles = String(context?.roles ?? 'user')
    .split(',')
    .filter((r): r is Role => r === 'user' || r === 'admin');
  return { userId, roles, isAdmin: roles.includes('admin'), emailVerified: String(context?.emailVerified) === 'true' };
}

/** `REQUIRE_VERIFIED_EMAIL`: on for `cdk deploy` (context `evenly:requireVerifiedEmail`), opt-in locally. */
export const isVerifiedEmailRequired = (): boolean => optionalEnv('REQUIRE_VERIFIED_EMAIL') === 'true';

/** Commands that move money call this first: where verification is required, an unverified caller is refused. */
export function assertMayMoveMoney(caller: Caller): void {
  if (isVerifiedEmailRequired() && !caller.emailVerified) {
    throw new HttpProblem('email-not-verified', 'Verify your email (POST /auth/verify-email) before moving money.');
  }
}
