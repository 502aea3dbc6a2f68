/** POST /auth/register: a new user with a unique (case-insensitive) email, signed in. */
import { ulid } from 'ulid';
import { newUser, parseAdminEmails, publicUser } from '../../shared/auth/identity';
import { hashPassword } from '../../shared/auth/passwords';
import { registerUser as contract } from '../../shared/auth/routes';
import { sessionBody } from '../../shared/auth/session-response';
import { startSession } from '../../shared/auth/session-store';
import { createUser } from '../../shared/auth/users';
import { optionalEnv } from '../../shared/config/env';
import { httpHandler } from '../../shared/http/handler';
import { conflict } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

/** The bootstrap admins (the stack passes the `evenly:adminEmails` context here). */
const adminEmails = parseAdminEmails(optionalEnv('ADMIN_EMAILS'));

export const handler = httpHandler(contract, async ({ body }) => {
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
  return json(201, await sessionBody(publicUser(user), refreshToken), { location: '/me' });
});
