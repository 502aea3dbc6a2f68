/** Route contracts of users and sessions (see shared/http/contract.ts). */
import { defineRoute, NoBodySchema, RATE_LIMITED } from '../http/contract';
import {
  LoginRequestSchema,
  LogoutRequestSchema,
  RefreshRequestSchema,
  RegisterRequestSchema,
  SessionResponseSchema,
  UserSchema,
  VerificationSentSchema,
  VerifyEmailRequestSchema,
} from './schemas';

const tag = 'Users';

export const registerUser = defineRoute({
  method: 'POST',
  path: '/auth/register',
  auth: false,
  summary: 'Register and sign in',
  tag,
  status: 201,
  body: RegisterRequestSchema,
  response: SessionResponseSchema,
  errors: { 409: 'An account with this email (case-insensitive) already exists (conflict)', 429: RATE_LIMITED },
});

export const loginUser = defineRoute({
  method: 'POST',
  path: '/auth/login',
  auth: false,
  summary: 'Sign in',
  tag,
  status: 200,
  body: LoginRequestSchema,
  response: SessionResponseSchema,
  errors: {
    401: 'Wrong email or password (the same answer for both)',
    429: {
      description: 'Too many failed logins for this email from this address, or requests from this address (rate-limited)',
      headers: { 'retry-after': 'Seconds until the next attempt is allowed' },
    },
  },
});

export const refreshSession = defineRoute({
  method: 'POST',
  path: '/auth/refresh',
  auth: false,
  summary: 'Rotate the refresh token',
  tag,
  status: 200,
  body: RefreshRequestSchema,
  response: SessionResponseSchema,
  errors: {
    401: 'The refresh token is not valid, or was already used (then the whole session is revoked)',
    429: RATE_LIMITED,
  },
});

export const logoutSession = defineRoute({
  method: 'POST',
  path: '/auth/logout',
  auth: true,
  summary: 'End the session',
  tag,
  status: 204,
  body: LogoutRequestSchema,
});

export const verifyEmail = defineRoute({
  method: 'POST',
  path: '/auth/verify-email',
  auth: true,
  summary: 'Verify the caller’s email with the emailed code',
  tag,
  status: 200,
  body: VerifyEmailRequestSchema,
  response: UserSchema,
  errors: { 400: 'The code is wrong, expired or used up (validation-error, path code)' },
});

export const resendVerification = defineRoute({
  method: 'POST',
  path: '/auth/verify-email/resend',
  auth: true,
  summary: 'Email another verification code',
  tag,
  status: 202,
  body: NoBodySchema,
  response: VerificationSentSchema,
  errors: {
    409: 'The email is already verified (conflict)',
    429: {
      description: 'A code was sent within the cooldown (rate-limited)',
      headers: { 'retry-after': 'Seconds until another may be sent' },
    },
  },
});

export const getMe = defineRoute({
  method: 'GET',
  path: '/me',
  auth: true,
  summary: 'The caller',
  tag,
  status: 200,
  response: UserSchema,
});
