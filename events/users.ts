/** User contracts, version 1: registration and email verification. */
import * as z from '../shared/validation/zod';
import { defineContract } from './contract';

const UserCore = { userId: z.string(), email: z.string(), occurredAt: z.string() };

export const UserRegisteredV1 = defineContract(
  'UserRegistered',
  1,
  z.object({ ...UserCore, name: z.string() }),
  'Emitted when a user registers; the mailer sends the email-verification code.',
);

export const EmailVerificationRequestedV1 = defineContract(
  'EmailVerificationRequested',
  1,
  z.object(UserCore),
  'Emitted when a user asks for a new verification code (outside the cooldown); the mailer sends it.',
);

export const EmailVerifiedV1 = defineContract(
  'EmailVerified',
  1,
  z.object(UserCore),
  "Emitted once when a user's email is verified, e.g. to bind invitations waiting for that address.",
);
