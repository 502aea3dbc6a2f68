/**
 * Request and response shapes of the users and sessions routes: the one declaration
 * behind validation, types and the OpenAPI document. Requests are strict objects: an
 * unknown field is a 400, never silently dropped (a client sending `roles` or `admin`
 * must learn that it has no effect).
 */
import { textSchema } from '../validation/text';
import * as z from '../validation/zod';

/** RFC 5321: a forward path holds at most 256 octets, so an address at most 254. */
export const MAX_EMAIL_LENGTH = 254;
export const MIN_PASSWORD_LENGTH = 10;
/** Bounds the scrypt input, and the work a request can demand. */
export const MAX_PASSWORD_LENGTH = 200;
export const MAX_NAME_LENGTH = 100;
/** Ours are 70 characters (`<26-char ULID>.<43-char secret>`); the slack keeps garbage a 401, not a 400. */
const MAX_REFRESH_TOKEN_LENGTH = 512;

export const EmailSchema = z.email().check(z.maxLength(MAX_EMAIL_LENGTH));
export const PasswordSchema = z
  .string()
  .check(z.minLength(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`), z.maxLength(MAX_PASSWORD_LENGTH));
export const RoleSchema = z.enum(['user', 'admin']);

export const RegisterRequestSchema = z.strictObject({
  email: EmailSchema,
  password: PasswordSchema,
  name: textSchema({ min: 1, max: MAX_NAME_LENGTH }),
});

/** No minimum length at login: a password set under older rules must still work. */
export const LoginRequestSchema = z.strictObject({
  email: EmailSchema,
  password: z.string().check(z.minLength(1), z.maxLength(MAX_PASSWORD_LENGTH)),
});

/** Also the body of POST /auth/logout. */
export const RefreshRequestSchema = z.strictObject({
  refreshToken: z.string().check(z.minLength(1), z.maxLength(MAX_REFRESH_TOKEN_LENGTH)),
});
export const LogoutRequestSchema = RefreshRequestSchema;

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
  emailVerified: z.boolean(),
});
export type User = z.infer<typeof UserSchema>;

export const SessionResponseSchema = z.object({
  user: UserSchema,
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until `accessToken` expires. */
  expiresIn: z.int(),
});
export type SessionResponse = z.infer<typeof SessionResponseSchema>;

export const VerifyEmailRequestSchema = z.strictObject({
  code: z.string().check(z.regex(/^\d{6}$/, 'must be the six digits of the emailed code')),
});

/** What POST /auth/verify-email/resend answers: the code is on its way to `to`. */
export const VerificationSentSchema = z.object({ status: z.literal('SENT'), to: z.string() });
