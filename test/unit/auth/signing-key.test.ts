import { randomBytes } from 'node:crypto';
import type { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  decodeSigningKey,
  fetchSecretStage,
  keyCache,
  resolveSigningKeys,
  type SecretStage,
  type SigningKeys,
} from '../../../shared/auth/signing-key';
import { issueAccessToken, verifyAccessToken } from '../../../shared/auth/tokens';
import { logger } from '../../../shared/observability/logger';

const noSecret = async (): Promise<string | undefined> => {
  throw new Error('Secrets Manager must not be called');
};
const generated = () => randomBytes(48).toString('base64url'); // 64 characters, as the stack generates
const versions =
  (byStage: Partial<Record<SecretStage, string>>) =>
  async (stage: SecretStage): Promise<string | undefined> =>
    byStage[stage];

describe('the signing keys', () => {
  it('decode the local base64url key, with no previous one and no call to Secrets Manager', async () => {
    const bytes = randomBytes(32);
    const keys = await resolveSigningKeys(bytes.toString('base64url'), noSecret);
    expect(Buffer.from(keys.current)).toEqual(bytes);
    expect(keys.previous).toBeUndefined();
  });

  it("come from the secret's current and previous versions when no local key is set", async () => {
    const [current, previous] = [generated(), generated()];
    const keys = await resolveSigningKeys(undefined, versions({ AWSCURRENT: current, AWSPREVIOUS: previous }));
    expect(Buffer.from(keys.current).toString('base64url')).toBe(current);
    expect(Buffer.from(keys.previous as Uint8Array).toString('base64url')).toBe(previous);
  });

  it('have no previous key before the secret was first replaced', async () => {
    expect((await resolveSigningKeys(undefined, versions({ AWSCURRENT: generated() }))).previous).toBeUndefined();
  });

  it('ignore a previous value too short to be a key', async () => {
    const keys = await resolveSigningKeys(undefined, versions({ AWSCURRENT: generated(), AWSPREVIOUS: 'short' }));
    expect(keys.previous).toBeUndefined();
  });

  it('refuse a key shorter than 256 bits', () => {
    expect(() => decodeSigningKey(randomBytes(16).toString('base64url'))).toThrow(/at least 32 bytes/);
  });

  it('refuse an empty secret', async () => {
    await expect(resolveSigningKeys(undefined, versions({ AWSCURRENT: '' }))).rejects.toThrow(/empty/);
  });
});

describe("reading one of the secret's versions", () => {
  beforeEach(() => {
    process.env.SIGNING_KEY_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:signing-key';
  });
  afterEach(() => {
    delete process.env.SIGNING_KEY_SECRET_ARN;
  });

  const failingWith = (name: string) => ({
    send: async () => {
      throw Object.assign(new Error(`${name} from Secrets Manager`), { name });
    },
  });

  it('asks for that version stage of the configured secret', async () => {
    const asked: unknown[] = [];
    const client = {
      send: async (command: unknown) => {
        asked.push((command as GetSecretValueCommand).input);
        return { SecretString: 'value' };
      },
    };
    expect(await fetchSecretStage('AWSPREVIOUS', client as never)).toBe('value');
    expect(asked).toEqual([{ SecretId: process.env.SIGNING_KEY_SECRET_ARN, VersionStage: 'AWSPREVIOUS' }]);
  });

  it('treats a missing AWSPREVIOUS as no previous key', async () => {
    expect(await fetchSecretStage('AWSPREVIOUS', failingWith('ResourceNotFoundException') as never)).toBeUndefined();
  });

  it('fails when the current version cannot be read', async () => {
    await expect(fetchSecretStage('AWSCURRENT', failingWith('ResourceNotFoundException') as never)).rejects.toThrow(/ResourceNotFound/);
    await expect(fetchSecretStage('AWSPREVIOUS', failingWith('AccessDeniedException') as never)).rejects.toThrow(/AccessDenied/);
  });
});

describe('the key cache', () => {
  const REFRESH_MS = 300_000;
  const keysOf = (label: string): SigningKeys => ({ current: new TextEncoder().encode(label.padEnd(32, '.')) });
  const labelOf = (keys: SigningKeys) => new TextDecoder().decode(keys.current).replace(/\.+$/, '');

  function reader(...answers: (string | Error)[]) {
    const state = { reads: 0 };
    const read = async () => {
      const answer = answers[Math.min(state.reads, answers.length - 1)] as string | Error;
      state.reads += 1;
      if (answer instanceof Error) throw answer;
      return keysOf(answer);
    };
    return { state, read };
  }

  it('reads the secret once per refresh period, so a replaced key reaches the container without a redeploy', async () => {
    const { state, read } = reader('first', 'second');
    const keys = keyCache(read, REFRESH_MS);
    expect(labelOf(await keys(0))).toBe('first');
    expect(labelOf(await keys(REFRESH_MS - 1))).toBe('first');
    expect(state.reads).toBe(1);
    expect(labelOf(await keys(REFRESH_MS))).toBe('second');
    expect(state.reads).toBe(2);
  });

  it('shares one read among concurrent callers', async () => {
    const { state, read } = reader('only');
    const keys = keyCache(read, REFRESH_MS);
    await Promise.all([keys(0), keys(1), keys(2)]);
    expect(state.reads).toBe(1);
  });

  it('fails a first read that fails, and tries again on the next call', async () => {
    const { state, read } = reader(new Error('throttled'), 'later');
    const keys = keyCache(read, REFRESH_MS);
    await expect(keys(0)).rejects.toThrow('throttled');
    expect(labelOf(await keys(1))).toBe('later');
    expect(state.reads).toBe(2);
  });

  it('keeps the keys read last when a refresh fails, for another period', async () => {
    const { state, read } = reader('first', new Error('outage'), 'after');
    const keys = keyCache(read, REFRESH_MS);
    await keys(0);
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    try {
      expect(labelOf(await keys(REFRESH_MS))).toBe('first');
      expect(warn).toHaveBeenCalledWith('could not read the signing key secret again; keeping the keys read last', expect.anything());
    } finally {
      warn.mockRestore();
    }
    expect(labelOf(await keys(2 * REFRESH_MS - 1))).toBe('first');
    expect(state.reads).toBe(2);
    expect(labelOf(await keys(2 * REFRESH_MS))).toBe('after');
  });
});

describe('tokens across a key replacement', () => {
  it('verify with the previous key until they expire, and never with an unrelated key', async () => {
    const [old, replacement, unrelated] = [randomBytes(32), randomBytes(32), randomBytes(32)].map((b) => new Uint8Array(b)) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    const issuedBefore = await issueAccessToken({ userId: 'u1', roles: ['user'] }, old);
    expect(await verifyAccessToken(issuedBefore, [replacement, old])).toEqual({ userId: 'u1', roles: ['user'] });
    expect(await verifyAccessToken(issuedBefore, [replacement])).toBeUndefined();
    expect(await verifyAccessToken(issuedBefore, [replacement, unrelated])).toBeUndefined();
    const later = new Date(Date.now() + 16 * 60 * 1000);
    expect(await verifyAccessToken(issuedBefore, [replacement, old], later)).toBeUndefined();
  });
});
