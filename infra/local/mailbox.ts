/**
 * `GET /_local/mailbox?to=<email>`: the mail the local runtime "sent" to an address, newest
 * first (API.md). A route of this runtime only, not of the manifest: on AWS mail goes out
 * through SES and there is nothing to read back. It runs as the runtime, outside any
 * function's grants, like the emulators do.
 */
import { methodNotAllowed } from '../../shared/http/gateway-problems';
import { type HttpProblem, problemResponse, validationError } from '../../shared/http/problem';
import { readMailbox } from '../../shared/mail/mailer';
import type { LocalAnswer } from './rest';

export const MAILBOX_PATH = '/_local/mailbox';

export async function localMailbox(method: string, url: URL): Promise<LocalAnswer | undefined> {
  if (url.pathname !== MAILBOX_PATH && url.pathname !== `${MAILBOX_PATH}/`) return undefined;
  if (method !== 'GET') return asAnswer(methodNotAllowed('GET'));
  const to = url.searchParams.get('to')?.trim();
  if (!to) return asAnswer(validationError('Name the address: ?to=<email>.', [{ path: 'to', message: 'required' }]));
  const items = await readMailbox(to);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items }) };
}

function asAnswer(problem: HttpProblem): LocalAnswer {
  const response = problemResponse(problem);
  return { statusCode: response.statusCode, headers: response.headers as Record<string, string>, body: response.body };
}
