/** Request and response shapes of the users and sessions routes (validation, types, OpenAPI). */
import { z } from 'zod';

export const EmailSchema = z.email().max(254);
export const PasswordSchema = z.string().min(10, 'must be at least 10 characters').max(200);

export const RegisterRequestSchema = z
  .object({ email: EmailSchema, password: PasswordSchema, name: z.string().trim().min(1).max(100) })
  .strict();
export const LoginRequestSchema = z.object({ email: EmailSchema, password: z.string().min(1).max(200) }).strict();
export const RefreshRequestSchema = z.object({ refreshToken: z.string().min(1).max(512) }).strict();

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.enum(['user', 'admin'])),
});
export type User = z.infer<typeof UserSchema>;

export const SessionResponseSchema = z.object({
  user: UserSchema,
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int(),
});
