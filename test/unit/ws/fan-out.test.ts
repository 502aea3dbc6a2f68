import { describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../events/contract';
import type { Subscriber } from '../../../shared/ws/connections';
import { fanOut, pushFor, runBounded } from '../../../shared/ws/fan-out';

const event: BusEvent = {
  id: 'evt-1',
  'detail-type': 'TransferCompleted',
  source: 'evenly',
  time: '2026-11-22T10:00:00.000Z',
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

describe('pushFor', () => {
  it('builds the push message API.md specifies, without envelope fields', () => {
    expect(pushFor(event, 'user:me')).toEqual({
      type: 'event',
      topic: 'user:me',
      event: {
        id: 't1:completed',
        type: 'TransferCompleted',
        occurredAt: '2026-11-22T10:00:01.000Z',
        data: { transferId: 't1', amount: '5.00', occurredAt: '2026-11-22T10:00:01.000Z' },
      },
    });
  });
});

describe('fanOut', () => {
  it('posts to every subscriber of every topic, with the topic as each client wrote it', async () => {
    const posted: [string, unknown][] = [];
    const result = await fanOut(event, {
      subscribersOf: async (topic) => (topic === 'account:a1' ? [sub('c1', topic)] : [sub('c2', topic, 'user:me')]),
      post: async (id, message) => {
        posted.push([id, message]);
        return 'sent';
      },
      deleteConnection: async () => undefined,
    });
    expect(result).toEqual({ sent: 2, gone: 0, failed: 0 });
    expect(posted.map(([id, m]) => [id, (m as { topic: string }).topic]).sort()).toEqual([
      ['c1', 'account:a1'],
      ['c2', 'user:me'],
    ]);
  });

  it('deletes the connection that answered 410 Gone, and only that one', async () => {
    const deleted: string[] = [];
    const result = await fanOut(event, {
      subscribersOf: async (topic) => (topic === 'account:a1' ? [sub('gone-1', topic), sub('alive', topic)] : []),
      post: async (id) => (id === 'gone-1' ? 'gone' : 'sent'),
      deleteConnection: async (id) => {
        deleted.push(id);
      },
    });
    expect(deleted).toEqual(['gone-1']);
    expect(result).toEqual({ sent: 1, gone: 1, failed: 0 });
  });

  it('never fails because one connection fails', async () => {
    const result = await fanOut(event, {
      subscribersOf: async (topic) => (topic === 'account:a1' ? [sub('bad', topic), sub('good', topic)] : []),
      post: async (id) => (id === 'bad' ? 'failed' : 'sent'),
      deleteConnection: async () => undefined,
    });
    expect(result).toEqual({ sent: 1, gone: 0, failed: 1 });
  });
});

describe('runBounded', () => {
  it('never runs more than the limit at once and keeps results in order', async () => {
    let running = 0;
    let peak = 0;
    const tasks = Array.from({ length: 30 }, (_, i) => async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running -= 1;
      return i;
    });
    expect(await runBounded(tasks, 4)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(peak).toBe(4);
  });
});
