import { randomUUID } from 'node:crypto';
import { EvenlyClient, type Session } from '../../shared/client/evenly-client';
import { eventually } from './eventually';

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

/** The code of the newest verification mail to `email` in the local mailbox, once the mailer has sent it. */
export async function verificationCode(baseUrl: string, email: string, notBefore?: string): Promise<string> {
  const anonymous = new EvenlyClient({ baseUrl });
  let code: string | undefined;
  await eventually(async () => {
    const [newest] = (await anonymous.mailbox(email)).items;
    code = newest && (!notBefore || newest.sentAt >= notBefore) ? /\b(\d{6})\b/.exec(newest.subject)?.[1] : undefined;
    return code !== undefined;
  }, `a verification mail to ${email}`);
  return code as string;
}

/**
 * Registers and verifies the email (an address on ADMIN_EMAILS becomes an admin then), and signs
 * in again, so the returned session is one the authorizer has never seen unverified.
 */
export async function signUpVerified(
  baseUrl: string,
  name = 'Ada',
  email = uniqueEmail(name.toLowerCase()),
): Promise<{ client: EvenlyClient; session: Session }> {
  const { client } = await signUp(baseUrl, name, email);
  await client.verifyEmail(await verificationCode(baseUrl, email));
  const session = await new EvenlyClient({ baseUrl }).login({ email, password: PASSWORD });
  return { client: new EvenlyClient({ baseUrl }).withToken(session.accessToken), session };
}
