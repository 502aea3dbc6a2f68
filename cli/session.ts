/** Where the CLI keeps the signed-in session: `$EVENLY_CONFIG_DIR/session.json` (mode 0600). */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '../shared/client/evenly-client';

export interface StoredSession {
  readonly apiUrl: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly user: Session['user'];
}

export function configDir(): string {
  return process.env.EVENLY_CONFIG_DIR ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'evenly');
}

const file = () => join(configDir(), 'session.json');

export function loadSession(): StoredSession | undefined {
  try {
    return JSON.parse(readFileSync(file(), 'utf8')) as StoredSession;
  } catch {
    return undefined;
  }
}

export function saveSession(apiUrl: string, session: Session): void {
  mkdirSync(configDir(), { recursive: true, mode: 0o700 });
  const stored: StoredSession = { apiUrl, accessToken: session.accessToken, refreshToken: session.refreshToken, user: session.user };
  writeFileSync(file(), JSON.stringify(stored, null, 2), { mode: 0o600 });
}

export function clearSession(): void {
  rmSync(file(), { force: true });
}
