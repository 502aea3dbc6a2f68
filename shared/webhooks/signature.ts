/**
 * The deposit webhook's signature, as payment providers do it (Stripe's scheme): the header
 * `evenly-signature: t=<unix seconds>,v1=<hex>` where the hex is HMAC-SHA256 of
 * `<t>.<raw body>` under the shared secret. Several `v1` entries may be sent (while a
 * secret is being replaced); one that verifies is enough. Pure: the clock is passed in.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export { SIGNATURE_HEADER } from './header';
/** The local runtime's secret unless `DEPOSIT_WEBHOOK_SECRET` names another: for trying the webhook, never for money. */
export const LOCAL_WEBHOOK_SECRET = 'whsec_evenly_local_development_only';
/** How far `t` may lie from our clock either way: a captured request is useless after this. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;
/** A header longer than this is not ours (a few entries of 64 hex digits). */
const MAX_HEADER_LENGTH = 1024;

export const signPayload = (secret: string, timestampSeconds: number, rawBody: string): string =>
  createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`, 'utf8').digest('hex');

/** The header value a provider sends for `rawBody` at `timestampSeconds`. */
export const signatureHeader = (secret: string, timestampSeconds: number, rawBody: string): string =>
  `t=${timestampSeconds},v1=${signPayload(secret, timestampSeconds, rawBody)}`;

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly reason: 'MALFORMED' | 'STALE' | 'MISMATCH' };

function parseHeader(header: string): { timestamp: number; signatures: string[] } | undefined {
  if (header.length > MAX_HEADER_LENGTH) return undefined;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [name, value = ''] = part.trim().split('=', 2);
    if (name === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (name === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

export function verifySignature(
  header: string | undefined,
  rawBody: string,
  secrets: readonly string[],
  nowSeconds: number,
): SignatureCheck {
  const parsed = header ? parseHeader(header) : undefined;
  if (!parsed) return { ok: false, reason: 'MALFORMED' };
  if (Math.abs(nowSeconds - parsed.timestamp) > SIGNATURE_TOLERANCE_SECONDS) return { ok: false, reason: 'STALE' };
  for (const secret of secrets) {
    const expected = Buffer.from(signPayload(secret, parsed.timestamp, rawBody), 'hex');
    // Constant time: how many leading digits match must not show in the answer's timing.
    if (parsed.signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected))) return { ok: true };
  }
  return { ok: false, reason: 'MISMATCH' };
}
