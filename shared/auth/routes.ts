/** Route contracts of users and sessions (see shared/http/contract.ts). */
import { defineRoute } from '../http/contract';
import {
  LoginRequestSchema,
  LogoutRequestSchema,
  RefreshRequestSchema,
  RegisterRequestSchema,
  SessionResponseSchema,
  UserSchema,
} from './schemas';

export const registerUser = defineRoute({
  method: 'POST',
  path: '/auth/register',
  auth: false,
  summary: 'Register and sign in',
  tag: 'Users',
  status: 201,
  body: RegisterRequestSchema,
  response: SessionResponseSchema,
  errors: { 409: 'An account with this email (case-insensitive) already exists (conflict)' },
});

export const loginUser = defineRoute({
  method: 'POST',
  path: '/auth/login',
  auth: false,
  summary: 'Sign in',
  tag: 'Users',
  status: 200,
  body: LoginRequestSchema,
  response: SessionResponseSchema,
  errors: {
    401: 'Wrong email or password (the same answer for both)',
    429: {
      description: 'Too many failed logins for this email (rate-limited)',
      headers: { 'retry-after': 'Seconds until the next attempt is allowed' },
    },
  },
});

export const refreshSession = defineRoute({
  method: 'POST',
  path: '/auth/refresh',
  auth: false,
  summary: 'Rotate the refresh token',
  tag: 'Users',
  status: 200,
  body: RefreshRequestSchema,
  response: SessionResponseSchema,
  errors: { 401: 'The refresh token is not valid, or was already used (then the whole session is revoked)' },
});

export const logoutSession = defineRoute({
  method: 'POST',
  path: '/auth/logout',
  auth: true,
  summary: 'End the session',
  tag: 'Users',
  status: 204,
  body: LogoutRequestSchema,
});

export const getMe = defineRoute({
  method: 'GET',
  path: '/me',
  auth: true,
  summary: 'The caller',
  tag: 'Users',
  status: 200,
  response: UserSchema,
});
