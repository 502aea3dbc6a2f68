import { describe, expect, it } from 'vitest';
import { authorizeTopic } from '../../../shared/ws/topics';

const user = { userId: 'u1', isAdmin: false };
const admin = { userId: 'boss', isAdmin: true };

describe('topic authorization', () => {
  it('resolves user:me to the caller’s own topic', async () => {
    expect(await authorizeTopic(user, 'user:me')).toEqual({ allowed: true, topic: 'user:u1' });
  });

  it('refuses another user’s topic to a user, allows it to an admin', async () => {
    expect(await authorizeTopic(user, 'user:u2')).toEqual({ allowed: false });
    expect(await authorizeTopic(admin, 'user:u2')).toEqual({ allowed: true, topic: 'user:u2' });
  });

  it('lets admins subscribe to any account or group', async () => {
    expect(await authorizeTopic(admin, 'account:a1')).toEqual({ allowed: true, topic: 'account:a1' });
    expect(await authorizeTopic(admin, 'group:g1')).toEqual({ allowed: true, topic: 'group:g1' });
  });

  it.each(['', 'account:', 'accounts:a1', 'user:me:extra', 'group:../x', `account:${'a'.repeat(65)}`])(
    'refuses the malformed topic %j',
    async (topic) => {
      expect(await authorizeTopic(admin, topic)).toEqual({ allowed: false });
    },
  );
});
