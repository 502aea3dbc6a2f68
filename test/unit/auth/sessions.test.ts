import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import {
  decideRefresh,
  hashSecret,
  MAX_PREVIOUS_HASHES,
  mintRefreshToken,
  newSessionRecord,
  nextPreviousHashes,
  parseRefreshToken,
  REFRESH_TOKEN_TTL_SECONDS,
} from '../../../shared/auth/sessions';

const NOW = 1_800_000_000;

function family() {
  const familyId = ulid();
  const first = mintRefreshToken(familyId);
  return { familyId, first, record: newSessionRecord(familyId, 'u1', first.secretHash, NOW) };
}

const presented = (token: string) => hashSecret(parseRefreshToken(token)?.secret ?? '');

describe('refresh tokens', () => {
  it('are <familyId>.<256-bit secret> and parse back', () => {
    const familyId = ulid();
    const { token, secretHash } = mintRefreshToken(familyId);
    const parsed = parseRefreshToken(token);
    expect(parsed?.familyId).toBe(familyId);
    expect(Buffer.from(parsed?.secret ?? '', 'base64url')).toHaveLength(32);
    expect(hashSecret(parsed?.secret ?? '')).toBe(secretHash);
  });

  it('store only a hash of the secret', () => {
    const { first, record } = family();
    expect(JSON.stringify(record)).not.toContain(parseRefreshToken(first.token)?.secret);
  });

  it.each(['nope', `${ulid()}.short`, `${ulid()}.${'a'.repeat(43)}.extra`, `not-a-ulid-not-a-ulid-1234.${'a'.repeat(43)}`])(
    'refuses to parse %s',
    (token) => {
      expect(parseRefreshToken(token)).toBeUndefined();
    },
  );
});

describe('deciding a refresh', () => {
  it('rotates when the current secret of a live family is presented', () => {
    const { first, record } = family();
    expect(decideRefresh(record, presented(first.token), NOW + 60)).toBe('ROTATE');
  });

  it('calls a rotated secret reuse', () => {
    const { familyId, first, record } = family();
    const second = mintRefreshToken(familyId);
    const rotated = { ...record, currentHash: second.secretHash, previousHashes: nextPreviousHashes(record, first.secretHash) };
    expect(decideRefresh(rotated, presented(first.token), NOW + 60)).toBe('REUSED');
  });

  it('calls a secret that was never valid for the family invalid, not reuse', () => {
    const { familyId, record } = family();
    const madeUp = mintRefreshToken(familyId);
    expect(decideRefresh(record, presented(madeUp.token), NOW + 60)).toBe('INVALID');
  });

  it('remembers a bounded number of rotated secrets', () => {
    const { record } = family();
    let previous = record;
    for (let i = 0; i < MAX_PREVIOUS_HASHES + 5; i += 1) previous = { ...previous, previousHashes: nextPreviousHashes(previous, `h${i}`) };
    expect(previous.previousHashes).toHaveLength(MAX_PREVIOUS_HASHES);
    expect(previous.previousHashes.at(-1)).toBe(`h${MAX_PREVIOUS_HASHES + 4}`);
  });

  it('refuses even the newest secret once the family is revoked', () => {
    const { first, record } = family();
    expect(decideRefresh({ ...record, revoked: true }, presented(first.token), NOW + 60)).toBe('INVALID');
  });

  it('refuses an unknown family', () => {
    expect(decideRefresh(undefined, hashSecret('x'), NOW)).toBe('INVALID');
  });

  it('ends a family 30 days after login, however often it rotated', () => {
    const { first, record } = family();
    expect(record.expiresAtEpochSeconds).toBe(NOW + REFRESH_TOKEN_TTL_SECONDS);
    expect(decideRefresh(record, presented(first.token), NOW + REFRESH_TOKEN_TTL_SECONDS - 1)).toBe('ROTATE');
    expect(decideRefresh(record, presented(first.token), NOW + REFRESH_TOKEN_TTL_SECONDS)).toBe('INVALID');
  });
});
