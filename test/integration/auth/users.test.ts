import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { newUser } from '../../../shared/auth/identity';
import { createUser, findStoredUserByEmail, findUserByEmail, getUser, updatePasswordHash } from '../../../shared/auth/users';
import { useTables } from '../../support/tables';

beforeAll(async () => {
  await useTables();
});

const uniqueEmail = () => `user-${ulid().toLowerCase()}@example.com`;
const user = (email: string, name = 'Ada') =>
  newUser({ id: ulid(), email, name, passwordHash: 'scrypt$stub', now: new Date(), adminEmails: [] });

describe('registering users', () => {
  it('stores a user findable by id and by email in any case', async () => {
    const email = uniqueEmail();
    const ada = user(email);
    expect(await createUser(ada)).toEqual({ ok: true });
    expect(await getUser(ada.id)).toEqual({ id: ada.id, email, name: 'Ada', roles: ['user'], emailVerified: false });
    expect(await findUserByEmail(email.toUpperCase())).toEqual({ id: ada.id, email, name: 'Ada', roles: ['user'], emailVerified: false });
  });

  it('refuses the same email in a different case as taken, leaving the first user alone', async () => {
    const email = uniqueEmail();
    const first = user(email, 'First');
    await createUser(first);
    const second = user(email.toUpperCase(), 'Second');
    expect(await createUser(second)).toEqual({ ok: false, reason: 'EMAIL_TAKEN' });
    expect(await getUser(second.id)).toBeUndefined();
    expect((await findUserByEmail(email))?.id).toBe(first.id);
  });

  it('lets exactly one of many concurrent registrations of one email win', async () => {
    const email = uniqueEmail();
    const contenders = Array.from({ length: 8 }, (_, i) => user(i % 2 ? email : email.toUpperCase(), `Twin ${i}`));
    const outcomes = await Promise.all(contenders.map((c) => createUser(c)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    const winner = contenders[outcomes.findIndex((o) => o.ok)];
    expect((await findUserByEmail(email))?.id).toBe(winner?.id);
    const losers = contenders.filter((c) => c !== winner);
    expect(await Promise.all(losers.map((l) => getUser(l.id)))).toEqual(losers.map(() => undefined));
  });

  it('answers undefined for an unknown id or email', async () => {
    expect(await getUser(ulid())).toBeUndefined();
    expect(await findUserByEmail(uniqueEmail())).toBeUndefined();
  });

  it('replaces a password hash', async () => {
    const ada = user(uniqueEmail());
    await createUser(ada);
    await updatePasswordHash(ada.id, 'scrypt$new');
    expect((await findStoredUserByEmail(ada.email))?.passwordHash).toBe('scrypt$new');
  });
});
