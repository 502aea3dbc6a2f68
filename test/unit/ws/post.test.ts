import { GoneException, type PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, type ManagementApi, postToConnection } from '../../../shared/ws/post';
import { capturingLogs } from '../../support/logs';

/** A hand-written @connections client: records what was posted, or fails as told. */
function fakeApi(fail?: () => Error) {
  const posted: { connectionId: string | undefined; message: unknown }[] = [];
  const api: ManagementApi = {
    send: async (command: PostToConnectionCommand) => {
      if (fail) throw fail();
      posted.push({
        connectionId: command.input.ConnectionId,
        message: JSON.parse(Buffer.from(command.input.Data as Uint8Array).toString()),
      });
      return {};
    },
  };
  return { api, posted };
}

describe('postToConnection', () => {
  it('posts the message as JSON to that connection', async () => {
    const { api, posted } = fakeApi();
    expect(await postToConnection('c1', { type: 'pong' }, api)).toBe('sent');
    expect(posted).toEqual([{ connectionId: 'c1', message: { type: 'pong' } }]);
  });

  it('reports a GoneException (410) as gone', async () => {
    const { api } = fakeApi(() => new GoneException({ message: 'gone', $metadata: { httpStatusCode: 410 } }));
    expect(await postToConnection('c1', { type: 'pong' }, api)).toBe('gone');
  });

  it('reports any other error as failed instead of throwing', async () => {
    const { api } = fakeApi(() => Object.assign(new Error('throttled'), { $metadata: { httpStatusCode: 429 } }));
    const { value, messages } = await capturingLogs('warn', () => postToConnection('c1', { type: 'pong' }, api));
    expect(value).toBe('failed');
    expect(messages).toEqual(['post to connection failed']);
  });

  it('does not post a message larger than API Gateway accepts', async () => {
    const { api, posted } = fakeApi();
    const { value, messages } = await capturingLogs('warn', () => postToConnection('c1', { blob: 'x'.repeat(MAX_MESSAGE_BYTES) }, api));
    expect(value).toBe('failed');
    expect(messages).toEqual(['message too large for API Gateway WebSocket; not sent']);
    expect(posted).toEqual([]);
  });
});
