/**
 * Trust with the switches `cdk deploy` has by default: no sandbox (money enters through the
 * webhook or an admin), verified emails required to move money. The authorizer's cache time is
 * shortened here so a revoked session is seen refused within the test; the manifest's own
 * bound (one minute) is asserted apart.
 */
import { describe, expect, it } from 'vitest';
import { manifest } from '../../manifest/manifest';
import { EvenlyClient } from '../../shared/client/evenly-client';
import { eventually } from '../support/eventually';
import { useLocalRuntime } from '../support/runtime';
import { PASSWORD, signUp, signUpVerified, uniqueEmail, verificationCode } from '../support/users';

const ADMIN_EMAIL = uniqueEmail('admin');
const UNVERIFIED_ADMIN_EMAIL = uniqueEmail('boss');
const CACHE_SECONDS = 1;
const runtime = useLocalRuntime({
  manifest: { ...manifest, authorizer: { ...manifest.authorizer, resultsCacheTtlSeconds: CACHE_SECONDS } },
  env: { SANDBOX_DEPOSITS: 'false', REQUIRE_VERIFIED_EMAIL: 'true', ADMIN_EMAILS: `${ADMIN_EMAIL},${UNVERIFIED_ADMIN_EMAIL}` },
});
const url = () => runtime().httpUrl;

let adminSession: Promise<EvenlyClient> | undefined;
/** The verified admin of this runtime, signed up once. */
const admin = (): Promise<EvenlyClient> => {
  adminSession ??= signUpVerified(url(), 'Admin', ADMIN_EMAIL).then(({ client }) => client);
  return adminSession;
};

describe('deposits outside the sandbox', () => {
  it("refuse an owner's deposit into their own account with 403, writing nothing", async () => {
    const { client } = await signUpVerified(url(), 'Olga');
    const account = await client.createAccount({ currency: 'EUR' });
    const res = await client.raw('POST', `/accounts/${account.id}/deposits`, { body: { amount: '10.00' } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ type: 'forbidden' });
    expect((await client.entries(account.id)).items).toEqual([]);
  });

  it("let an admin deposit into anyone's account", async () => {
    const { client: owner } = await signUpVerified(url(), 'Pia');
    const account = await owner.createAccount({ currency: 'EUR' });
    const deposit = await (await admin()).deposit(account.id, '1000.00');
    expect(await owner.settled(deposit)).toMatchObject({ status: 'COMPLETED' });
    expect((await owner.getAccount(account.id)).balance).toBe('1000.00');
  });
});

describe('an unverified user where verification is required', () => {
  it('can sign in and read, but a transfer is refused with 403 email-not-verified until the email is verified', async () => {
    const email = uniqueEmail('ugo');
    const { client } = await signUp(url(), 'Ugo', email);
    const from = await client.createAccount({ currency: 'EUR' });
    const to = await client.createAccount({ currency: 'EUR' });
    await client.settled(await (await admin()).deposit(from.id, '20.00'));
    expect((await client.listAccounts()).items).toHaveLength(2);

    const body = { fromAccountId: from.id, toAccountId: to.id, amount: '5.00', currency: 'EUR' };
    const refused = await client.raw('POST', '/transfers', { body });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ type: 'email-not-verified', status: 403 });
    expect((await client.raw('POST', `/accounts/${from.id}/withdrawals`, { body: { amount: '1.00' } })).status).toBe(403);
    expect((await client.getAccount(from.id)).balance).toBe('20.00');

    await client.verifyEmail(await verificationCode(url(), email));
    const session = await new EvenlyClient({ baseUrl: url() }).login({ email, password: PASSWORD });
    const verified = new EvenlyClient({ baseUrl: url(), accessToken: session.accessToken });
    expect(await verified.settled(await verified.transfer(body))).toMatchObject({ status: 'COMPLETED' });
  });

  it('is no admin even with an email on the admin list', async () => {
    const { client, session } = await signUp(url(), 'Boss', UNVERIFIED_ADMIN_EMAIL);
    expect(session.user.roles).toEqual(['user']);
    expect((await client.raw('POST', '/admin/reconciliations')).status).toBe(404);
  });
});

describe('revoked sessions and access tokens', () => {
  it("keeps the authorizer's cache, which bounds how long a revoked token works, at one minute or less", () => {
    expect(manifest.authorizer.resultsCacheTtlSeconds).toBeLessThanOrEqual(60);
  });

  it('refuses a logged-out access token once the authorizer cache time has passed', async () => {
    const { client, session } = await signUp(url(), 'Lia');
    expect((await client.raw('GET', '/me')).status).toBe(200);
    expect((await client.raw('POST', '/auth/logout', { body: { refreshToken: session.refreshToken } })).status).toBe(204);
    const anonymous = new EvenlyClient({ baseUrl: url(), accessToken: session.accessToken });
    await eventually(async () => (await anonymous.raw('GET', '/me')).status === 401, 'the logged-out token refused');
  });

  it('refuses the access tokens of a session revoked for refresh-token reuse', async () => {
    const { session } = await signUp(url(), 'Max');
    const anonymous = new EvenlyClient({ baseUrl: url() });
    const next = await anonymous.refresh(session.refreshToken);
    expect((await anonymous.raw('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    const holder = new EvenlyClient({ baseUrl: url(), accessToken: next.accessToken });
    await eventually(async () => (await holder.raw('GET', '/me')).status === 401, 'the revoked session’s token refused');
  });
});
