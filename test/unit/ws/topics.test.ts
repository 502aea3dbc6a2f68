import { describe, expect, it } from 'vitest';
import { type Key, keys } from '../../../shared/dynamo/keys';
import { authorizeTopic, type MainItemReader, resolveTopic } from '../../../shared/ws/topics';

const alice = { userId: 'alice', isAdmin: false };
const admin = { userId: 'root', isAdmin: true };

/** A hand-written main table: one account owned by alice, one group alice belongs to. */
function fakeMainTable() {
  const items = new Map<string, Record<string, unknown>>([
    [JSON.stringify(keys.account('acc-alice')), { ownerId: 'alice' }],
    [JSON.stringify(keys.account('acc-bob')), { ownerId: 'bob' }],
    [JSON.stringify(keys.groupMember('trip', 'alice')), { userId: 'alice' }],
  ]);
  const reads: Key[] = [];
  const read: MainItemReader = async (key) => {
    reads.push(key);
    return items.get(JSON.stringify(key));
  };
  return { read, reads };
}

describe('topic authorization', () => {
  it('lets the owner subscribe to their account', async () => {
    const { read } = fakeMainTable();
    expect(await authorizeTopic(alice, 'account:acc-alice', read)).toEqual({ allowed: true, topic: 'account:acc-alice' });
  });

  it("refuses someone else's account", async () => {
    const { read } = fakeMainTable();
    expect(await authorizeTopic(alice, 'account:acc-bob', read)).toEqual({ allowed: false });
  });

  it('refuses an unknown account exactly like a foreign one, so ids cannot be probed', async () => {
    const { read } = fakeMainTable();
    expect(await authorizeTopic(alice, 'account:nope', read)).toEqual(await authorizeTopic(alice, 'account:acc-bob', read));
  });

  it('lets a member subscribe to their group and refuses a non-member', async () => {
    const { read } = fakeMainTable();
    expect(await authorizeTopic(alice, 'group:trip', read)).toEqual({ allowed: true, topic: 'group:trip' });
    expect(await authorizeTopic({ userId: 'bob', isAdmin: false }, 'group:trip', read)).toEqual({ allowed: false });
  });

  it('refuses an unknown group', async () => {
    const { read } = fakeMainTable();
    expect(await authorizeTopic(alice, 'group:unknown', read)).toEqual({ allowed: false });
  });

  it('resolves user:me to the caller without reading the table', async () => {
    const { read, reads } = fakeMainTable();
    expect(await authorizeTopic(alice, 'user:me', read)).toEqual({ allowed: true, topic: 'user:alice' });
    expect(reads).toEqual([]);
  });

  it("refuses another user's topic to a non-admin", async () => {
    const { read } = fakeMainTable();
    expect(await authorizeTopic(alice, 'user:bob', read)).toEqual({ allowed: false });
  });

  it('lets an admin subscribe to any account, group or user, even unknown ones', async () => {
    const { read } = fakeMainTable();
    for (const topic of ['account:acc-bob', 'account:nope', 'group:trip', 'user:bob']) {
      expect(await authorizeTopic(admin, topic, read)).toEqual({ allowed: true, topic });
    }
  });

  it('refuses malformed topics, admins included', async () => {
    const { read, reads } = fakeMainTable();
    for (const topic of [
      'account:',
      'wallet:acc-alice',
      'account:acc-alice:x',
      'account:../x',
      'ACCOUNT:acc-alice',
      `account:${'a'.repeat(65)}`,
    ]) {
      expect(await authorizeTopic(admin, topic, read)).toEqual({ allowed: false });
    }
    expect(reads).toEqual([]);
  });

  it('resolves the stored spelling of a topic for unsubscribing', () => {
    expect(resolveTopic(alice, 'user:me')).toBe('user:alice');
    expect(resolveTopic(alice, 'account:acc-bob')).toBe('account:acc-bob');
    expect(resolveTopic(alice, 'nonsense')).toBeUndefined();
  });
});
