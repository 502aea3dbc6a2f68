import { describe, expect, it } from 'vitest';
import { manifest, OUTCOME_EVENT_TYPES } from '../../../manifest/manifest';
import { buildAsyncApiDocument } from '../../../shared/ws/asyncapi';

const doc = buildAsyncApiDocument(manifest) as {
  operations: Record<string, { action: string; messages: { $ref: string }[]; reply?: { messages: { $ref: string }[] } }>;
  channels: { live: { messages: Record<string, { payload: { properties?: Record<string, unknown>; required?: string[] } }> } };
};
const messageOf = (ref: { $ref: string }) => doc.channels.live.messages[ref.$ref.split('/').at(-1) as string];

describe('the AsyncAPI document', () => {
  it('describes every action route of the manifest as a message the client sends, with its replies', () => {
    const actions = manifest.wsRoutes.map((r) => r.routeKey).filter((key) => !key.startsWith('$'));
    for (const action of actions) {
      expect(doc.operations[action]?.action).toBe('send');
      expect(doc.operations[action]?.reply?.messages.length).toBeGreaterThan(0);
    }
  });

  it('resolves every message reference it makes', () => {
    const refs = Object.values(doc.operations).flatMap((op) => [...op.messages, ...(op.reply?.messages ?? [])]);
    for (const ref of refs) expect(messageOf(ref), ref.$ref).toBeDefined();
  });

  it('gives pushes a required integer seq and every outcome type', () => {
    const push = doc.channels.live.messages.event?.payload;
    expect(push?.required).toContain('seq');
    expect(push?.properties?.seq).toEqual({ type: 'integer', minimum: 1 });
    expect(push?.properties?.event).toMatchObject({ properties: { type: { enum: [...OUTCOME_EVENT_TYPES] } } });
  });

  it('takes the subscribe payload from the schema the route validates with', () => {
    expect(doc.channels.live.messages.subscribe?.payload).toMatchObject({
      properties: { action: { const: 'subscribe' }, topics: { type: 'array', maxItems: 50 } },
    });
  });
});
