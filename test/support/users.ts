import { randomUUID } from 'node:crypto';
import { EvenlyClient, type Session } from '../../shared/client/evenly-client';

export const PASSWORD = 'correct horse battery';

export const uniqueEmail = (name = 'user'): string => `${name}-${randomUUID().slice(0, 8)}@example.com`;

/** Registers a fresh user and returns a client signed in as them. */
export async function signUp(baseUrl: string, name = 'Ada'): Promise<{ client: EvenlyClient; session: Session }> {
  const anonymous = new EvenlyClient({ baseUrl });
  const session = await anonymous.register({ email: uniqueEmail(name.toLowerCase()), password: PASSWORD, name });
  return { client: anonymous.withToken(session.accessToken), session };
}
