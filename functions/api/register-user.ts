/**
 * POST /auth/register: a new user with a unique (case-insensitive) email, signed in.
 * `UserRegistered` goes to the bus, where the mailer picks it up and sends the
 * verification code. A lost publish leaves the user unverified; resend covers it.
 */
import { ulid } from 'ulid';
import { domainEvent } from '../../events/contract';
import { UserRegisteredV1 } from '../../events/users';
import { newUser, parseAdminEmails, publicUser } from '../../shared/auth/identity';
import { hashPassword } from '../../shared/auth/passwords';
import { registerUser as contract } from '../../shared/auth/routes';
import { sessionBody } from '../../shared/auth/session-response';
import { startSession } from '../../shared/auth/session-store';
import { createUser } from '../../shared/auth/users';
import { publish } from '../../shared/bus/publisher';
import { optionalEnv } from '../../shared/config/env';
import { httpHandler } from '../../shared/http/handler';
import { conflict } from '../../shared/http/problem';
import { limitByAddress } from '../../shared/http/rate-limit';
import { json } from '../../shared/http/response';
import { logger } from '../../shared/observability/logger';

/** The bootstrap admins (the stack passes the `evenly:adminEmails` context here). */
const adminEmails = parseAdminEmails(optionalEnv('ADMIN_EMAILS'));

export const handler = httpHandler(contract, async ({ body, event }) => {
  await limitByAddress(event, 'register');
  const user = newUser({
    id: ulid(),
    email: body.email,
    name: body.name,
    passwordHash: await hashPassword(body.password),
    now: new Date(),
    adminEmails,
  });
  const created = await createUser(user);
  if (!created.ok) throw conflict('An account with this email already exists.');
  const refreshToken = await startSession(user.id);
  try {
    await publish([domainEvent(UserRegisteredV1, { userId: user.id, email: user.email, name: user.name, occurredAt: user.createdAt })]);
  } catch (error) {
    // The user exists and is signed in; POST /auth/verify-email/resend sends the code later.
    logger.warn('UserRegistered was not published', { userId: user.id, error: error as Error });
  }
  return json(201, await sessionBody(publicUser(user), refreshToken), { location: '/me' });
});
