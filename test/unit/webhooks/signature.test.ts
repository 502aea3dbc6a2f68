import { describe, expect, it } from 'vitest';
import { SIGNATURE_TOLERANCE_SECONDS, signatureHeader, signPayload, verifySignature } from '../../../shared/webhooks/signature';

const SECRET = 'whsec_test';
const NOW = 1_800_000_000;
const BODY = '{"id":"evt_1","accountId":"a","amount":"10.00","currency":"EUR"}';

describe('the deposit webhook signature', () => {
  it('accepts the HMAC-SHA256 of "<t>.<raw body>" under the secret', () => {
    expect(verifySignature(signatureHeader(SECRET, NOW, BODY), BODY, [SECRET], NOW)).toEqual({ ok: true });
  });

  it('accepts a signature made with a previous secret while both are configured', () => {
    expect(verifySignature(signatureHeader('old', NOW, BODY), BODY, [SECRET, 'old'], NOW)).toEqual({ ok: true });
  });

  it('accepts any one matching v1 among several', () => {
    const header = `t=${NOW},v1=${'0'.repeat(64)},v1=${signPayload(SECRET, NOW, BODY)}`;
    expect(verifySignature(header, BODY, [SECRET], NOW)).toEqual({ ok: true });
  });

  it('refuses a body changed after signing', () => {
    expect(verifySignature(signatureHeader(SECRET, NOW, BODY), BODY.replace('10.00', '99.00'), [SECRET], NOW)).toEqual({
      ok: false,
      reason: 'MISMATCH',
    });
  });

  it('refuses another secret', () => {
    expect(verifySignature(signatureHeader('other', NOW, BODY), BODY, [SECRET], NOW).ok).toBe(false);
  });

  it('refuses a timestamp more than five minutes old or ahead', () => {
    const header = signatureHeader(SECRET, NOW, BODY);
    expect(verifySignature(header, BODY, [SECRET], NOW + SIGNATURE_TOLERANCE_SECONDS)).toEqual({ ok: true });
    expect(verifySignature(header, BODY, [SECRET], NOW + SIGNATURE_TOLERANCE_SECONDS + 1)).toEqual({ ok: false, reason: 'STALE' });
    expect(verifySignature(header, BODY, [SECRET], NOW - SIGNATURE_TOLERANCE_SECONDS - 1)).toEqual({ ok: false, reason: 'STALE' });
  });

  it.each([undefined, '', 'garbage', `t=${NOW}`, `v1=${'a'.repeat(64)}`, `t=x,v1=${'a'.repeat(64)}`, `t=${NOW},v1=short`])(
    'refuses the malformed header %s',
    (header) => {
      expect(verifySignature(header, BODY, [SECRET], NOW)).toEqual({ ok: false, reason: 'MALFORMED' });
    },
  );
});
