import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeSigningKey, resolveSigningKey } from '../../../shared/auth/signing-key';

const noSecret = async (): Promise<string | undefined> => {
  throw new Error('Secrets Manager must not be called');
};

describe('the signing key', () => {
  it('decodes the local base64url key', async () => {
    const bytes = randomBytes(32);
    expect(Buffer.from(await resolveSigningKey(bytes.toString('base64url'), noSecret))).toEqual(bytes);
  });

  it('falls back to the secret when no local key is set', async () => {
    const generated = 'a1B2'.repeat(16); // the stack generates 64 alphanumeric characters
    expect(await resolveSigningKey(undefined, async () => generated)).toHaveLength(48);
  });

  it('refuses a key shorter than 256 bits', () => {
    expect(() => decodeSigningKey(randomBytes(16).toString('base64url'))).toThrow(/at least 32 bytes/);
  });

  it('refuses an empty secret', async () => {
    await expect(resolveSigningKey(undefined, async () => '')).rejects.toThrow(/empty/);
  });
});
