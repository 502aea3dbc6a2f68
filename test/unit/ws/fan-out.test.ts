import { describe, expect, it, vi } from 'vitest';
import type { BusEvent } from '../../../events/contract';
import { logger } from '../../../shared/observability/logger';
import type { Subscriber } from '../../../shared/ws/connections';
import { coalesced, type FanOutDeps, fanOut, MAX_CONCURRENT_POSTS, pushFor, runBounded } from '../../../shared/ws/fan-out';
import type { PostOutcome } from '../../../shared/ws/post';

const event: BusEvent = {
  id: 'eventbridge-id-1',
  'detail-type': 'TransferCompleted',
  source: 'evenly',
  time: '2026-11-22T10:00:02.000Z',
  detail: {
    version: 1,
    eventId: 't1:completed',
    messageGroupId: 'a1',
    topics: ['account:a1', 'user:u1'],
    transferId: 't1',
    amount: '5.00',
    occurredAt: '2026-11-22T10:00:01.000Z',
  },
};

const sub = (connectionId: string, topic: string, clientTopic = topic): Subscriber => ({
  connectionId,
  topic,
  clientTopic,
  expiresAtEpochSeconds: 9_999_999_999,
});

/** A hand-written fake of the subscriber index and the @connections API. */
function fakes(subscribers: Record<string, Subscriber[]>, outcomeOf: (connectionId: string) => PostOutcome | Error = () => 'sent') {
  const posted: { connectionId: string; message: unknown }[] = [];
  const deleted: string[] = [];
  const counters = new Map<string, number>();
  const deps: FanOutDeps = {
    subscribersOf: async (topic) => subscribers[topic] ?? [],
    nextSeq: async (topic) => {
      const seq = (counters.get(topic) ?? 0) + 1;
      counters.set(topic, seq);
      return seq;
    },
    post: async (connectionId, message) => {
      const outcome = outcomeOf(connectionId);
      if (outcome instanceof Error) throw outcome;
      if (outcome === 'sent') posted.push({ connectionId, message });
      return outcome;
    },
    deleteConnection: async (connectionId) => {
      deleted.push(connectionId);
    },
  };
  return { deps, posted, deleted, counters };
}

describe('the push message', () => {
  it('has exactly the shape API.md specifies, with the stable event id and without envelope fields', () => {
    expect(pushFor(event, 'account:a1', 17)).toEqual({
      type: 'event',
      topic: 'account:a1',
      seq: 17,
      event: {
        id: 't1:completed',
        type: 'TransferCompleted',
        occurredAt: '2026-11-22T10:00:01.000Z',
        data: { transferId: 't1', amount: '5.00', occurredAt: '2026-11-22T10:00:01.000Z' },
      },
    });
  });

  it('falls back to the EventBridge id and time when the detail has none', () => {
    const bare: BusEvent = { ...event, detail: { version: 1, topics: ['account:a1'], transferId: 't1' } };
    expect(pushFor(bare, 'account:a1', 1).event).toEqual({
      id: 'eventbridge-id-1',
      type: 'TransferCompleted',
      occurredAt: '2026-11-22T10:00:02.000Z',
      data: { transferId: 't1' },
    });
  });
});

describe('fan-out', () => {
  it('posts to every subscriber of every topic, with the topic as each client wrote it', async () => {
    const { deps, posted } = fakes({ 'account:a1': [sub('c1', 'account:a1')], 'user:u1': [sub('c2', 'user:u1', 'user:me')] });
    expect(await fanOut(event, deps)).toEqual({ sent: 2, gone: 0, failed: 0 });
    expect(posted.map(({ connectionId, message }) => [connectionId, (message as { topic: string }).topic]).sort()).toEqual([
      ['c1', 'account:a1'],
      ['c2', 'user:me'],
    ]);
  });

  it('numbers the pushes of each topic 1, 2, 3, the same number for every subscriber of one push', async () => {
    const { deps, posted } = fakes({
      'account:a1': [sub('c1', 'account:a1'), sub('c2', 'account:a1')],
      'user:u1': [sub('c3', 'user:u1', 'user:me')],
    });
    await fanOut(event, deps);
    await fanOut(event, deps);
    const seqs = (connectionId: string) =>
      posted.filter((p) => p.connectionId === connectionId).map((p) => (p.message as { seq: number }).seq);
    expect([seqs('c1'), seqs('c2'), seqs('c3')]).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
  });

  it('draws no number for a topic nobody subscribed to, so numbers count pushes only', async () => {
    const { deps, counters } = fakes({ 'account:a1': [sub('c1', 'account:a1')] });
    await fanOut(event, deps);
    expect(Object.fromEntries(counters)).toEqual({ 'account:a1': 1 });
  });

  it('fails (so the record is retried) and posts nothing when a topic cannot be numbered', async () => {
    const { deps, posted } = fakes({ 'account:a1': [sub('c1', 'account:a1')] });
    await expect(fanOut(event, { ...deps, nextSeq: async () => Promise.reject(new Error('throttled')) })).rejects.toThrow('throttled');
    expect(posted).toEqual([]);
  });

  it('posts once per subscription when the event lists a topic twice', async () => {
    const twice: BusEvent = { ...event, detail: { ...event.detail, topics: ['account:a1', 'account:a1'] } };
    const { deps, posted } = fakes({ 'account:a1': [sub('c1', 'account:a1')] });
    await fanOut(twice, deps);
    expect(posted).toHaveLength(1);
  });

  it('posts nothing when nobody subscribed', async () => {
    const { deps, posted } = fakes({});
    expect(await fanOut(event, deps)).toEqual({ sent: 0, gone: 0, failed: 0 });
    expect(posted).toEqual([]);
  });

  it('deletes the connection that answered 410 Gone, and only that one', async () => {
    const { deps, deleted } = fakes({ 'account:a1': [sub('gone-1', 'account:a1'), sub('alive', 'account:a1')] }, (id) =>
      id === 'gone-1' ? 'gone' : 'sent',
    );
    expect(await fanOut(event, deps)).toEqual({ sent: 1, gone: 1, failed: 0 });
    expect(deleted).toEqual(['gone-1']);
  });

  it('deletes a gone connection once even when it subscribed to several of the topics', async () => {
    const { deps, deleted } = fakes(
      { 'account:a1': [sub('gone-1', 'account:a1')], 'user:u1': [sub('gone-1', 'user:u1', 'user:me')] },
      () => 'gone',
    );
    await fanOut(event, deps);
    expect(deleted).toEqual(['gone-1']);
  });

  it('keeps delivering when one connection fails, throws, or cannot be deleted', async () => {
    const { deps, posted } = fakes(
      { 'account:a1': [sub('bad', 'account:a1'), sub('throws', 'account:a1'), sub('gone', 'account:a1'), sub('good', 'account:a1')] },
      (id) => (id === 'bad' ? 'failed' : id === 'throws' ? new Error('socket hang up') : id === 'gone' ? 'gone' : 'sent'),
    );
    const failingDelete: FanOutDeps = { ...deps, deleteConnection: async () => Promise.reject(new Error('throttled')) };
    // Both failures are logged (and only logged: the output stays free of the expected warnings).
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    try {
      expect(await fanOut(event, failingDelete)).toEqual({ sent: 1, gone: 1, failed: 2 });
      expect(posted.map((p) => p.connectionId)).toEqual(['good']);
      expect(warn.mock.calls.map(([message, extra]) => [message, (extra as { connectionId: string }).connectionId])).toEqual(
        expect.arrayContaining([
          ['push failed; skipping this connection', 'throws'],
          ['could not delete a gone connection; TTL will', 'gone'],
        ]),
      );
    } finally {
      warn.mockRestore();
    }
  });

  it('fails (so the record is retried) when subscribers cannot be looked up', async () => {
    const { deps } = fakes({});
    await expect(fanOut(event, { ...deps, subscribersOf: async () => Promise.reject(new Error('DynamoDB down')) })).rejects.toThrow(
      'DynamoDB down',
    );
  });

  it('never has more posts in flight than the bound', async () => {
    let inFlight = 0;
    let peak = 0;
    const many = Array.from({ length: 50 }, (_, i) => sub(`c${i}`, 'account:a1'));
    const { deps } = fakes({ 'account:a1': many });
    const slowPost: FanOutDeps = {
      ...deps,
      post: async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        return 'sent';
      },
    };
    expect(await fanOut(event, slowPost)).toEqual({ sent: 50, gone: 0, failed: 0 });
    expect(peak).toBe(MAX_CONCURRENT_POSTS);
  });
});

describe('runBounded', () => {
  it('never runs more than the limit at once and keeps results in order', async () => {
    let running = 0;
    let peak = 0;
    const tasks = Array.from({ length: 30 }, (_, i) => async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return i;
    });
    expect(await runBounded(tasks, 4)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(peak).toBe(4);
  });
});

describe('coalesced subscriber lookups', () => {
  it('shares one lookup among callers of the same topic while it is on its way, and looks again once it is done', async () => {
    const looked: string[] = [];
    const release: (() => void)[] = [];
    const lookup = coalesced(async (topic: string) => {
      looked.push(topic);
      await new Promise<void>((resolve) => release.push(resolve));
      return [sub(`c-${looked.length}`, topic)];
    });
    const together = [lookup('user:u1'), lookup('user:u1'), lookup('account:a1')];
    expect(looked).toEqual(['user:u1', 'account:a1']);
    for (const r of release.splice(0)) r();
    const [first, second] = await Promise.all(together);
    expect(second).toBe(first);
    const later = lookup('user:u1');
    expect(looked).toEqual(['user:u1', 'account:a1', 'user:u1']);
    for (const r of release.splice(0)) r();
    expect((await later)[0]?.connectionId).toBe('c-3');
  });

  it('does not keep a failed lookup: the next caller tries again', async () => {
    let calls = 0;
    const lookup = coalesced(async (topic: string) => {
      calls += 1;
      if (calls === 1) throw new Error('throttled');
      return [sub('c1', topic)];
    });
    await expect(lookup('user:u1')).rejects.toThrow('throttled');
    expect((await lookup('user:u1')).map((s) => s.connectionId)).toEqual(['c1']);
    expect(calls).toBe(2);
  });
});
