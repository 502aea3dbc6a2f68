/**
 * Trust on the local runtime's defaults (sandbox on, verification opt-in): the deposit webhook,
 * sandbox deposits and their cap, email verification through the local mailbox, sign-in that a
 * stranger cannot turn against its owner, refresh secrets, privacy of failed transfers, text rules.
 */
import { describe, expect, it } from 'vitest';
import type { BusEvent } from '../../events/contract';
import { EvenlyClient } from '../../shared/client/evenly-client';
import { LOCAL_WEBHOOK_SECRET, signatureHeader } from '../../shared/webhooks/signature';
import { eventually } from '../support/eventually';
import { callFrom } from '../support/from-address';
import { useLocalRuntime } from '../support/runtime';
import { PASSWORD, signUp, uniqueEmail, verificationCode } from '../support/users';

const events: BusEvent[] = [];
const runtime = useLocalRuntime({
  onEvent: (event) => events.push(event),
  // Small enough to reach in a test; the refresh limit is reached from an address of its own.
  env: { SANDBOX_DAILY_DEPOSIT_CAP: '100', ADDRESS_RATE_LIMITS: 'refresh=3' },
});
const url = () => runtime().httpUrl;

async function walletOf(name = 'Ada') {
  const { client, session } = await signUp(url(), name);
  const account = await client.createAccount({ currency: 'EUR' });
  return { client, session, account };
}

/** Signs as the provider does, now, with the local runtime's secret unless told another. */
const signed =
  (secret = LOCAL_WEBHOOK_SECRET) =>
  (raw: string) =>
    signatureHeader(secret, Math.floor(Date.now() / 1000), raw);

const webhookEvent = (accountId: string, amount = '25.00') => ({
  id: `evt_${Math.random().toString(36).slice(2, 12)}`,
  accountId,
  amount,
  currency: 'EUR',
});

/** Nothing reached the account: no entries, no money on its way, balance zero. */
async function expectUntouched(client: EvenlyClient, accountId: string): Promise<void> {
  const account = await client.getAccount(accountId);
  expect({ balance: account.balance, incoming: account.incoming }).toEqual({ balance: '0.00', incoming: '0.00' });
  expect((await client.entries(accountId)).items).toEqual([]);
}

describe('POST /webhooks/deposits', () => {
  it('credits the named account through the normal pipeline when the signature is good', async () => {
    const { client, account } = await walletOf();
    const provider = new EvenlyClient({ baseUrl: url() });
    const res = await provider.sendDepositWebhook(webhookEvent(account.id), signed());
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ kind: 'deposit', status: 'PENDING', toAccountId: account.id, amount: '25.00' });
    expect(await client.settled(res.body)).toMatchObject({ status: 'COMPLETED' });
    expect((await client.getAccount(account.id)).balance).toBe('25.00');
  });

  it('answers a repeat of an event id like the first and credits it once', async () => {
    const { client, account } = await walletOf();
    const provider = new EvenlyClient({ baseUrl: url() });
    const event = webhookEvent(account.id, '10.00');
    const first = await provider.sendDepositWebhook(event, signed());
    const again = await provider.sendDepositWebhook(event, signed());
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    await client.settled(first.body);
    expect((await client.entries(account.id)).items).toHaveLength(1);
    expect((await client.getAccount(account.id)).balance).toBe('10.00');
  });

  it('refuses an event id reused with another body (409) and writes nothing for it', async () => {
    const { client, account } = await walletOf();
    const provider = new EvenlyClient({ baseUrl: url() });
    const event = webhookEvent(account.id, '10.00');
    await client.settled((await provider.sendDepositWebhook(event, signed())).body);
    const changed = await provider.sendDepositWebhook({ ...event, amount: '99.00' }, signed());
    expect(changed.status).toBe(409);
    expect((await client.getAccount(account.id)).balance).toBe('10.00');
  });

  it('refuses a forged signature with 401 and writes nothing', async () => {
    const { client, account } = await walletOf();
    const res = await new EvenlyClient({ baseUrl: url() }).sendDepositWebhook(webhookEvent(account.id), signed('not-the-secret'));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ type: 'unauthorized' });
    await expectUntouched(client, account.id);
  });

  it('refuses a signature older than five minutes with 401 and writes nothing', async () => {
    const { client, account } = await walletOf();
    const staleSeconds = Math.floor(Date.now() / 1000) - 5 * 60 - 30;
    const res = await new EvenlyClient({ baseUrl: url() }).sendDepositWebhook(webhookEvent(account.id), (raw) =>
      signatureHeader(LOCAL_WEBHOOK_SECRET, staleSeconds, raw),
    );
    expect(res.status).toBe(401);
    await expectUntouched(client, account.id);
  });

  it('refuses a signed request replayed with another body (the signature covers the raw body)', async () => {
    const { client, account } = await walletOf();
    const signed = JSON.stringify(webhookEvent(account.id, '1.00'));
    const header = signatureHeader(LOCAL_WEBHOOK_SECRET, Math.floor(Date.now() / 1000), signed);
    const tampered = { ...JSON.parse(signed), amount: '1000.00' };
    const res = await new EvenlyClient({ baseUrl: url() }).raw('POST', '/webhooks/deposits', {
      body: tampered,
      headers: { 'evenly-signature': header },
    });
    expect(res.status).toBe(401);
    await expectUntouched(client, account.id);
  });

  it('refuses a request without the header with 401', async () => {
    const { account } = await walletOf();
    expect((await new EvenlyClient({ baseUrl: url() }).raw('POST', '/webhooks/deposits', { body: webhookEvent(account.id) })).status).toBe(
      401,
    );
  });

  it('answers a signed deposit for an unknown account 404 and one in another currency 400', async () => {
    const { account } = await walletOf();
    const provider = new EvenlyClient({ baseUrl: url() });
    expect((await provider.sendDepositWebhook(webhookEvent('01JUNKNOWNACCOUNT000000000'), signed())).status).toBe(404);
    const usd = await provider.sendDepositWebhook({ ...webhookEvent(account.id), currency: 'USD' }, signed());
    expect(usd.status).toBe(400);
    expect((usd.body as unknown as { errors: unknown }).errors).toEqual([expect.objectContaining({ path: 'currency' })]);
  });
});

describe('sandbox deposits', () => {
  it("let an owner deposit into their own account under npm start's defaults", async () => {
    const { client, account } = await walletOf();
    expect(await client.settled(await client.deposit(account.id, '40.00'))).toMatchObject({ status: 'COMPLETED' });
  });

  it("refuse a deposit past the account's daily cap with 429 and retry-after, writing nothing", async () => {
    const { client, account } = await walletOf();
    await client.settled(await client.deposit(account.id, '60.00'));
    const over = await client.raw('POST', `/accounts/${account.id}/deposits`, { body: { amount: '50.00' } });
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ type: 'rate-limited' });
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await client.entries(account.id)).items).toHaveLength(1);
    expect(await client.settled(await client.deposit(account.id, '40.00'))).toMatchObject({ status: 'COMPLETED' });
  });
});

describe('email verification', () => {
  it('mails a code on registration, verifies it, and publishes EmailVerified once', async () => {
    const email = uniqueEmail('vera');
    const { client, session } = await signUp(url(), 'Vera', email);
    expect(session.user.emailVerified).toBe(false);
    const code = await verificationCode(url(), email);
    const [mail] = (await new EvenlyClient({ baseUrl: url() }).mailbox(email)).items;
    expect(mail).toMatchObject({ to: email, text: expect.stringContaining(code) });
    expect(await client.verifyEmail(code)).toMatchObject({ id: session.user.id, emailVerified: true });
    expect(await client.verifyEmail(code)).toMatchObject({ emailVerified: true });
    expect((await client.me()).emailVerified).toBe(true);
    await eventually(() => events.some((e) => e['detail-type'] === 'EmailVerified'), 'EmailVerified on the bus');
    expect(events.filter((e) => e['detail-type'] === 'EmailVerified' && e.detail.userId === session.user.id)).toHaveLength(1);
  });

  it('refuses a wrong code with 400 naming the code', async () => {
    const email = uniqueEmail('wren');
    const { client } = await signUp(url(), 'Wren', email);
    const code = await verificationCode(url(), email);
    const wrong = code === '000000' ? '111111' : '000000';
    const res = await client.raw('POST', '/auth/verify-email', { body: { code: wrong } });
    expect(res.status).toBe(400);
    expect((res.body as { errors: unknown }).errors).toEqual([expect.objectContaining({ path: 'code' })]);
    expect((await client.me()).emailVerified).toBe(false);
  });

  it('resends a new code that works, and refuses another within the cooldown with 429 and retry-after', async () => {
    const email = uniqueEmail('rhea');
    const { client } = await signUp(url(), 'Rhea', email);
    const first = await verificationCode(url(), email);
    const asked = new Date().toISOString();
    expect((await client.raw('POST', '/auth/verify-email/resend')).status).toBe(202);
    const again = await client.raw('POST', '/auth/verify-email/resend');
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    const second = await verificationCode(url(), email, asked);
    if (second !== first) expect((await client.raw('POST', '/auth/verify-email', { body: { code: first } })).status).toBe(400);
    expect((await client.verifyEmail(second)).emailVerified).toBe(true);
  });

  it('answers the local mailbox without an address with 400', async () => {
    expect((await new EvenlyClient({ baseUrl: url() }).raw('GET', '/_local/mailbox')).status).toBe(400);
  });
});

describe('sign-in under attack', () => {
  it('leaves the owner able to sign in from another address after 20 failed logins from one', async () => {
    const email = uniqueEmail('owner');
    await signUp(url(), 'Owner', email);
    const answers: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      answers.push((await callFrom('127.0.0.2', url(), 'POST', '/auth/login', { email, password: 'wrong password!' })).status);
    }
    expect(answers.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(answers.slice(5).every((s) => s === 429)).toBe(true);
    const attacker = await callFrom('127.0.0.2', url(), 'POST', '/auth/login', { email, password: PASSWORD });
    expect(attacker.status).toBe(429);
    expect(Number(attacker.headers['retry-after'])).toBeGreaterThan(0);
    const owner = await callFrom('127.0.0.3', url(), 'POST', '/auth/login', { email, password: PASSWORD });
    expect(owner.status).toBe(200);
  });

  it('ignores x-forwarded-for: a header cannot choose the address that is counted', async () => {
    const email = uniqueEmail('fwd');
    await signUp(url(), 'Fwd', email);
    for (let i = 0; i < 5; i += 1) {
      await callFrom(
        '127.0.0.4',
        url(),
        'POST',
        '/auth/login',
        { email, password: 'wrong password!' },
        { 'x-forwarded-for': `10.0.0.${i}` },
      );
    }
    const spoofed = await callFrom(
      '127.0.0.4',
      url(),
      'POST',
      '/auth/login',
      { email, password: PASSWORD },
      { 'x-forwarded-for': '10.9.9.9' },
    );
    expect(spoofed.status).toBe(429);
  });

  it('limits refreshes per address with 429 and retry-after', async () => {
    const { session } = await signUp(url(), 'Ray');
    let token = session.refreshToken;
    for (let i = 0; i < 3; i += 1) {
      const res = await callFrom('127.0.0.5', url(), 'POST', '/auth/refresh', { refreshToken: token });
      expect(res.status).toBe(200);
      token = (res.body as { refreshToken: string }).refreshToken;
    }
    const limited = await callFrom('127.0.0.5', url(), 'POST', '/auth/refresh', { refreshToken: token });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await callFrom('127.0.0.6', url(), 'POST', '/auth/refresh', { refreshToken: token })).status).toBe(200);
  });
});

describe('privacy of a failed transfer', () => {
  it('shows the failure to its initiator only: the payee never sees it', async () => {
    const payer = await walletOf('Payer');
    const payee = await walletOf('Payee');
    const transfer = await payer.client.transfer({
      fromAccountId: payer.account.id,
      toAccountId: payee.account.id,
      amount: '5.00',
      currency: 'EUR',
    });
    expect(await payer.client.settled(transfer)).toMatchObject({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS' });
    expect((await payee.client.raw('GET', `/transfers/${transfer.id}`)).status).toBe(404);
    expect((await payee.client.entries(payee.account.id)).items).toEqual([]);
  });

  it('shows a completed transfer to both sides', async () => {
    const payer = await walletOf('Payer');
    const payee = await walletOf('Payee');
    await payer.client.settled(await payer.client.deposit(payer.account.id, '10.00'));
    const transfer = await payer.client.transfer({
      fromAccountId: payer.account.id,
      toAccountId: payee.account.id,
      amount: '5.00',
      currency: 'EUR',
    });
    await payer.client.settled(transfer);
    expect(await payee.client.getTransfer(transfer.id)).toMatchObject({ status: 'COMPLETED' });
  });
});

describe('text fields', () => {
  it.each([
    ['a NUL byte', 'Ada\u0000'],
    ['a lone surrogate', 'Ada\ud800'],
    ['a control character', 'Ada\u001b[31m'],
  ])('refuse %s with 400 naming the field', async (_what, name) => {
    const res = await new EvenlyClient({ baseUrl: url() }).raw('POST', '/auth/register', {
      body: { email: uniqueEmail(), password: PASSWORD, name },
    });
    expect(res.status).toBe(400);
    expect((res.body as { errors: unknown }).errors).toEqual([expect.objectContaining({ path: 'name' })]);
  });

  it('are stored NFC-normalized', async () => {
    const { client } = await signUp(url(), 'Zoe');
    const account = await client.createAccount({ currency: 'EUR', name: 'Cafe\u0301' });
    expect(account.name).toBe('Caf\u00e9');
  });
});
