/**
 * Who is calling: read from the authorizer's context, which API Gateway (and the
 * local runtime) place in `requestContext.authorizer`. Handlers never parse tokens.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { optionalEnv } from '../config/env';
import { HttpProblem } from './problem';

export type Role = 'user' | 'admin';

export interface Caller {
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly isAdmin: boolean;
  /** From the authorizer, read afresh with the session (shared/auth/access.ts). */
  readonly emailVerified: boolean;
}

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

/** One ownership rule used everywhere: what the caller may not see does not exist for them (404). */
export function canSee(caller: Caller, ownerIds: readonly string[]): boolean {
  return caller.isAdmin || ownerIds.includes(caller.userId);
}

/** `REQUIRE_VERIFIED_EMAIL`: on for `cdk deploy` (context `evenly:requireVerifiedEmail`), opt-in locally. */
export const isVerifiedEmailRequired = (): boolean => optionalEnv('REQUIRE_VERIFIED_EMAIL') === 'true';

/** Commands that move money call this first: where verification is required, an unverified caller is refused. */
export function assertMayMoveMoney(caller: Caller): void {
  if (isVerifiedEmailRequired() && !caller.emailVerified) {
    throw new HttpProblem('email-not-verified', 'Verify your email (POST /auth/verify-email) before moving money.');
  }
}
