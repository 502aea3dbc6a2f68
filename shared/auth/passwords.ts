/**
 * Password hashing with node:crypto scrypt. Pure: no AWS, no env.
 *
 * Cost: N=2^15, r=8, p=3 — one of the equivalent scrypt settings listed by the OWASP
 * Password Storage Cheat Sheet
 * (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#scrypt).
 * It was picked over N=2^17, r=8, p=1 because it needs 32 MiB instead of 128 MiB per
 * hash: several concurrent logins in one Lambda container (or the local runtime, where
 * libuv runs four at once) stay far below the function's memory.
 *
 * The stored string carries its parameters (`scrypt$N$r$p$<salt>$<key>`), so the cost
 * can be raised later: old hashes still verify, and `needsRehash` tells the login
 * handler to store a new one.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

export const OWASP_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const SCHEME = 'scrypt';

/**
 * Bounds on parameters read back from storage: a corrupted or hostile hash must not make
 * one login allocate gigabytes or spin for minutes.
 */
const MAX_LOG2_N = 20;
const MAX_R = 32;
const MAX_P = 16;

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // OpenSSL needs ~128 * N * r bytes (p runs sequentially and reuses it); Node's default
  // maxmem is 32 MiB, exactly the need at N=2^15, r=8, so allow twice the need.
  const maxmem = 2 * 128 * params.N * params.r;
  return new Promise((resolve, reject) =>
    // NFKC: the same password typed as composed or decomposed characters hashes alike.
    scryptCallback(password.normalize('NFKC'), salt, KEY_BYTES, { ...params, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

interface ParsedHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

const isPowerOfTwo = (n: number): boolean => Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0;

function parseHash(stored: string): ParsedHash | undefined {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== SCHEME || !salt || !key || rest.length > 0) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const withinBounds =
    isPowerOfTwo(params.N) &&
    params.N <= 2 ** MAX_LOG2_N &&
    Number.isInteger(params.r) &&
    params.r >= 1 &&
    params.r <= MAX_R &&
    Number.isInteger(params.p) &&
    params.p >= 1 &&
    params.p <= MAX_P;
  if (!withinBounds) return undefined;
  return { params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

/** `scrypt$N$r$p$<16-byte salt, base64url>$<32-byte key, base64url>` */
export async function hashPassword(password: string, params: ScryptParams = OWASP_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, params);
  return [SCHEME, params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Constant-time comparison; false for a wrong password and for anything that is not our hash format. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || parsed.key.length !== KEY_BYTES) return false;
  const actual = await scrypt(password, parsed.salt, parsed.params);
  return timingSafeEqual(actual, parsed.key);
}

/** True when `stored` was made with other parameters than `target`: store a fresh hash at the next login. */
export function needsRehash(stored: string, target: ScryptParams = OWASP_SCRYPT): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.params.N !== target.N || parsed.params.r !== target.r || parsed.params.p !== target.p;
}

/**
 * Verified against when the email is unknown, so an unknown email costs one scrypt like
 * a wrong password does and the two cannot be told apart by timing. Computed once per
 * container; the login handler starts it at cold start.
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(SALT_BYTES).toString('base64url'));
  return dummyHash;
}
