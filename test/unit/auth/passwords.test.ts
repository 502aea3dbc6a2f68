import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, OWASP_SCRYPT, verifyPassword } from '../../../shared/auth/passwords';

// Cheap parameters keep unit tests fast; e2e tests run the real OWASP cost.
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the right password', async () => {
    const stored = await hashPassword('correct horse battery', CHEAP);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
  });

  it('rejects a wrong password', async () => {
    const stored = await hashPassword('correct horse battery', CHEAP);
    expect(await verifyPassword('correct horse batterz', stored)).toBe(false);
  });

  it('encodes its parameters, a 16-byte salt and a 32-byte key in the stored hash', async () => {
    const stored = await hashPassword('same password', CHEAP);
    const [scheme, n, r, p, salt, key] = stored.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '1024', '8', '1']);
    expect(Buffer.from(salt ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(key ?? '', 'base64url')).toHaveLength(32);
  });

  it('salts every hash differently', async () => {
    expect(await hashPassword('same password', CHEAP)).not.toBe(await hashPassword('same password', CHEAP));
  });

  it('verifies with the parameters stored in the hash, not the current defaults', async () => {
    const stored = await hashPassword('older hash', { N: 2 ** 11, r: 4, p: 2 });
    expect(await verifyPassword('older hash', stored)).toBe(true);
  });

  it('treats composed and decomposed forms of a character as the same password', async () => {
    const stored = await hashPassword('caf\u00e9 au lait', CHEAP);
    expect(await verifyPassword('cafe\u0301 au lait', stored)).toBe(true);
  });

  it.each([
    ['plain text', 'plain-text'],
    ['another scheme', '$2b$12$abcdefghijklmnopqrstuv'],
    ['a non-power-of-two N', 'scrypt$1000$8$1$c2FsdA$a2V5'],
    ['an absurd N', `scrypt$${2 ** 30}$8$1$c2FsdA$a2V5`],
    ['a truncated key', 'scrypt$1024$8$1$c2FsdA$a2V5'],
  ])('rejects %s as a stored hash instead of throwing', async (_what, stored) => {
    expect(await verifyPassword('whatever', stored)).toBe(false);
  });

  it('defaults to an OWASP-listed scrypt cost', () => {
    expect(OWASP_SCRYPT).toEqual({ N: 2 ** 15, r: 8, p: 3 });
  });

  it('asks for a rehash only when the stored parameters differ from the current ones', async () => {
    const cheap = await hashPassword('upgrade me please', CHEAP);
    expect(needsRehash(cheap)).toBe(true);
    expect(needsRehash(cheap, CHEAP)).toBe(false);
  });
});
