import { describe, expect, it } from 'vitest';
import { queueMessage } from '../../../events/contract';
import { AccountStepV1 } from '../../../events/steps';
import { busEventOf, queueMessageOf } from '../../../shared/processing/message-body';

const event = {
  version: '0',
  id: 'e1',
  'detail-type': 'TransferCompleted',
  source: 'evenly',
  account: '000000000000',
  time: '2026-11-22T10:00:00.000Z',
  region: 'us-east-1',
  resources: [],
  detail: { transferId: 't1', version: 1 },
};

const detail = { command: 'transfer' as const, commandId: 't1', step: 'debit' as const, accountId: 'a1', counterpartyAccountId: 'a2' };

describe('message bodies', () => {
  it('reads the EventBridge event a rule delivered to the notify queue', () => {
    expect(busEventOf(JSON.stringify(event))).toMatchObject({ id: 'e1', 'detail-type': 'TransferCompleted', detail: event.detail });
  });

  it('reads a queue message as it was sent, type, version, id and detail', () => {
    const message = queueMessage(AccountStepV1, detail, { groupId: 'a1', id: 't1' });
    expect(queueMessageOf(JSON.stringify(message.body))).toEqual({ type: 'AccountStep', version: 1, id: 't1', detail });
  });

  it('refuses a body that is neither, so it fails until the DLQ takes it', () => {
    expect(() => queueMessageOf(JSON.stringify(event))).toThrow();
    expect(() => busEventOf(JSON.stringify({ type: 'AccountStep', version: 1, id: 't1', detail }))).toThrow();
    expect(() => queueMessageOf('not json')).toThrow();
  });

  it('refuses to build a message whose group or deduplication id SQS would refuse', () => {
    expect(() => queueMessage(AccountStepV1, detail, { groupId: 'a'.repeat(129), id: 't1' })).toThrow();
    expect(() => queueMessage(AccountStepV1, detail, { groupId: 'a1', id: 'has space' })).toThrow();
    expect(() => queueMessage(AccountStepV1, { ...detail, step: 'steal' } as never, { groupId: 'a1', id: 't1' })).toThrow();
  });
});
