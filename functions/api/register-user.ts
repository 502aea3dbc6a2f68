/** POST /auth/register: a new user with a unique (case-insensitive) email, signed in. */
import { ulid } from 'ulid';
import { hashPassword } from '../../shared/auth/passwords';
import { RegisterRequestSchema } from '../../shared/auth/schemas';
import { sessionBody } from '../../shared/auth/session-response';
import { startSession } from '../../shared/auth/sessions';
import { createUser, normalizeEmail, publicUser, rolesFor } from '../../shared/auth/users';
import { httpHandler } from '../../shared/http/handler';
import { conflict } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

export const handler = httpHandler({ auth: false, body: RegisterRequestSchema }, async ({ body }) => {
  const email = normalizeEmail(body.email);
  const user = {
    id: ulid(),
    email,
    name: body.name,
    roles: rolesFor(email),
    passwordHash: await hashPassword(body.password),
    createdAt: new Date().toISOString(),
  };
  if (!(await createUser(user))) throw conflict('An account with this email already exists.');
  const refreshToken = await startSession(user.id);
  return json(201, await sessionBody(publicUser(user), refreshToken), { location: '/me' });
});
