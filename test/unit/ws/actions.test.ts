import { describe, expect, it } from 'vitest';
import { type SubscriptionDeps, subscribeTopics, unsubscribeTopics } from '../../../shared/ws/actions';
import type { ConnectionItem, Subscription } from '../../../shared/ws/connections';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from '../../../shared/ws/messages';

const connection: ConnectionItem = {
  connectionId: 'c1',
  userId: 'alice',
  roles: ['user'],
  connectedAt: '2026-11-22T10:00:00.000Z',
  expiresAtEpochSeconds: 9_999_999_999,
};

/**
 * A hand-written store keyed like the real one, by the client's spelling: alice may see
 * `account:mine` and herself (`user:me`, `user:alice`); nothing else. `isConnected: false`
 * plays a connection deleted between the route's check and the write.
 */
function fakeStore(existing: string[] = [], isConnected = true) {
  const stored = new Map<string, Subscription>(existing.map((topic) => [topic, { topic, clientTopic: topic }]));
  const deps: SubscriptionDeps = {
    authorize: async (caller, clientTopic) => {
      if (clientTopic === 'account:mine') return { allowed: true, topic: clientTopic };
      if (clientTopic === 'user:me' || clientTopic === `user:${caller.userId}`) return { allowed: true, topic: `user:${caller.userId}` };
      return { allowed: false };
    },
    subscribedClientTopics: async () => new Set(stored.keys()),
    subscribe: async (_connection, subscriptions) => {
      if (!isConnected) return false;
      for (const s of subscriptions) stored.set(s.clientTopic, s);
      return true;
    },
    unsubscribe: async (_connectionId, clientTopics) => {
      for (const clientTopic of clientTopics) stored.delete(clientTopic);
    },
  };
  return { deps, stored };
}

describe('subscribe', () => {
  it('answers 403 for each refused topic, subscribes the rest and echoes them as sent', async () => {
    const { deps, stored } = fakeStore();
    const replies = await subscribeTopics(connection, ['account:mine', 'account:theirs', 'user:me'], deps);
    expect(replies).toEqual([
      { type: 'error', status: 403, topic: 'account:theirs' },
      { type: 'subscribed', topics: ['account:mine', 'user:me'] },
    ]);
    expect([...stored.values()]).toEqual([
      { topic: 'account:mine', clientTopic: 'account:mine' },
      { topic: 'user:alice', clientTopic: 'user:me' },
    ]);
  });

  it('stores nothing when every topic is refused', async () => {
    const { deps, stored } = fakeStore();
    expect(await subscribeTopics(connection, ['account:theirs'], deps)).toEqual([
      { type: 'error', status: 403, topic: 'account:theirs' },
      { type: 'subscribed', topics: [] },
    ]);
    expect(stored.size).toBe(0);
  });

  it('refuses to go beyond the per-connection limit and subscribes nothing then', async () => {
    const full = Array.from({ length: MAX_SUBSCRIPTIONS_PER_CONNECTION }, (_, i) => `account:old-${i}`);
    const { deps, stored } = fakeStore(full);
    const replies = await subscribeTopics(connection, ['account:mine'], deps);
    expect(replies).toEqual([{ type: 'error', status: 400, detail: expect.stringContaining(`${MAX_SUBSCRIPTIONS_PER_CONNECTION}`) }]);
    expect(stored.has('account:mine')).toBe(false);
  });

  it('keeps each spelling of a topic, so pushes echo the one the client filters on', async () => {
    const { deps, stored } = fakeStore();
    expect(await subscribeTopics(connection, ['user:me'], deps)).toEqual([{ type: 'subscribed', topics: ['user:me'] }]);
    expect(await subscribeTopics(connection, ['user:alice'], deps)).toEqual([{ type: 'subscribed', topics: ['user:alice'] }]);
    expect([...stored.values()]).toEqual([
      { topic: 'user:alice', clientTopic: 'user:me' },
      { topic: 'user:alice', clientTopic: 'user:alice' },
    ]);
  });

  it('answers 401 and claims nothing subscribed when the connection went away before the write', async () => {
    const { deps, stored } = fakeStore([], false);
    expect(await subscribeTopics(connection, ['account:mine', 'account:theirs'], deps)).toEqual([
      { type: 'error', status: 403, topic: 'account:theirs' },
      { type: 'error', status: 401, detail: expect.any(String) },
    ]);
    expect(stored.size).toBe(0);
  });

  it('lets a full connection re-subscribe to a topic it already has', async () => {
    const full = ['account:mine', ...Array.from({ length: MAX_SUBSCRIPTIONS_PER_CONNECTION - 1 }, (_, i) => `account:old-${i}`)];
    const { deps } = fakeStore(full);
    expect(await subscribeTopics(connection, ['account:mine'], deps)).toEqual([{ type: 'subscribed', topics: ['account:mine'] }]);
  });
});

describe('unsubscribe', () => {
  it('removes exactly the spellings named, user:me included', async () => {
    const { deps, stored } = fakeStore(['account:mine', 'user:me', 'user:alice', 'account:other']);
    expect(await unsubscribeTopics(connection, ['account:mine', 'user:me'], deps)).toEqual([
      { type: 'unsubscribed', topics: ['account:mine', 'user:me'] },
    ]);
    expect([...stored.keys()]).toEqual(['user:alice', 'account:other']);
  });
});
