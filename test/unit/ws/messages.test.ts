import { describe, expect, it } from 'vitest';
import { MAX_TOPICS_PER_MESSAGE, SubscribeMessageSchema, UnsubscribeMessageSchema } from '../../../shared/ws/messages';

const subscribe = (topics: unknown) => SubscribeMessageSchema.safeParse({ action: 'subscribe', topics });

describe('subscribe and unsubscribe messages', () => {
  it('accept an over-long or empty topic, which is then refused on its own', () => {
    expect(subscribe(['user:me', `account:${'x'.repeat(300)}`, '']).success).toBe(true);
    expect(UnsubscribeMessageSchema.safeParse({ action: 'unsubscribe', topics: ['', 'x'.repeat(300)] }).success).toBe(true);
  });

  it('refuse a message with no topics, too many topics or topics that are not strings', () => {
    expect(subscribe([]).success).toBe(false);
    expect(subscribe(Array.from({ length: MAX_TOPICS_PER_MESSAGE + 1 }, (_, i) => `account:a${i}`)).success).toBe(false);
    expect(subscribe(['user:me', 42]).success).toBe(false);
  });

  it('refuse a message whose topics are too large together, even when few', () => {
    expect(subscribe(['x'.repeat(100_000)]).success).toBe(false);
    expect(subscribe(Array.from({ length: MAX_TOPICS_PER_MESSAGE }, () => 'x'.repeat(1_000))).success).toBe(false);
    expect(subscribe(Array.from({ length: MAX_TOPICS_PER_MESSAGE }, () => 'x'.repeat(200))).success).toBe(true);
  });
});
