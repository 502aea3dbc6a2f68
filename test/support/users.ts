import { randomUUID } from 'node:crypto';
import { EvenlyClient, type Session } from '../../shared/client/evenly-client';

export const PASSWORD = 'correct horse battery';

export const uniqueEmail = (name = 'user'): string => `${name}-${randomUUID().slice(0, 8)}@example.com`;

/** Registers a fresh user (under `email` when given) and returns a client signed in as them. */
export async function signUp(
  baseUrl: string,
  name = 'Ada',
  email = uniqueEmail(name.toLowerCase()),
): Promise<{ client: EvenlyClient; session: Session }> {
  const anonymous = new EvenlyClient({ baseUrl });
  const session = await anonymous.register({ email, password: PASSWORD, name });
  return { client: anonymous.withToken(session.accessToken), session };
}
