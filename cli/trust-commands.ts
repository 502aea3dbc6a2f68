/**
 * Email verification and the payment provider's path: `verify-email <code>`, a new code,
 * the local mailbox, and `webhook deposit`, which signs and sends a deposit as the provider
 * does (`npm run webhook:deposit -- <accountId> <amount>` runs it as a script).
 */
import { randomUUID } from 'node:crypto';
import type { Mail } from '../shared/client/evenly-client';
import { EvenlyApiError, problemOf } from '../shared/client/problem';
import { LOCAL_WEBHOOK_SECRET, signatureHeader } from '../shared/webhooks/signature';
import { arg, type Command, moneyLine, report } from './command';

export const trustCommands: Record<string, Command> = {
  'verify-email': {
    usage: 'verify-email <code>',
    note: 'the six digits from the verification mail (locally: evenly mailbox)',
    async run(c) {
      const user = await c.client.verifyEmail(arg(c, 0, 'code'));
      c.out.print(user, (u: { email: string }) => `${u.email} is verified`);
    },
  },
  'resend-verification': {
    usage: 'resend-verification',
    async run(c) {
      c.out.print(await c.client.resendVerification(), (r: { to: string }) => `A new code is on its way to ${r.to}`);
    },
  },
  mailbox: {
    usage: 'mailbox [--to EMAIL]',
    note: "the local runtime's mailbox, newest first (default: the signed-in user's address)",
    async run(c) {
      const to = typeof c.flags.to === 'string' ? c.flags.to : (await c.client.me()).email;
      c.out.print(
        await c.client.mailbox(to),
        (p: { items: Mail[] }) => p.items.map((m) => `${m.sentAt}  ${m.subject}\n${m.text}`).join('\n\n') || `No mail for ${to}.`,
      );
    },
  },
  'webhook deposit': {
    usage: 'webhook deposit <accountId> <amount> [--currency EUR] [--id EVENT_ID] [--wait]',
    note: 'signed with DEPOSIT_WEBHOOK_SECRET (default: the local runtime’s development secret)',
    async run(c) {
      const event = {
        id: typeof c.flags.id === 'string' ? c.flags.id : `evt_${randomUUID().replaceAll('-', '')}`,
        accountId: arg(c, 0, 'accountId'),
        amount: arg(c, 1, 'amount'),
        currency: typeof c.flags.currency === 'string' ? c.flags.currency : 'EUR',
      };
      const secret = process.env.DEPOSIT_WEBHOOK_SECRET || LOCAL_WEBHOOK_SECRET;
      const res = await c.client.sendDepositWebhook(event, (raw) => signatureHeader(secret, Math.floor(Date.now() / 1000), raw));
      // Any other answer leaves as every command's errors do: the API's problem, with its exit code.
      if (res.status >= 400) throw new EvenlyApiError(res.status, problemOf(res.status, res.statusText, res.body));
      return report(c, res.body, (id) => c.client.getTransfer(id), moneyLine);
    },
  },
};
