/**
 * The signed-in session: tokens kept in sessionStorage (this tab only, and a reload keeps
 * them), one typed client that refreshes the access token on a 401 and retries, and sign
 * out. A refresh token works once (rotation; reusing one revokes the whole session), so
 * concurrent 401s share a single refresh instead of each spending the token.
 */
import { EvenlyClient, type Session } from '../../shared/client/evenly-client';

const STORAGE_KEY = 'evenly.session';

export type SignedIn = Pick<Session, 'accessToken' | 'refreshToken' | 'user'>;

function load(): SignedIn | undefined {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY);
    return text ? (JSON.parse(text) as SignedIn) : undefined;
  } catch {
    return undefined;
  }
}

export class SessionStore {
  private current: SignedIn | undefined = load();
  private refreshing: Promise<string | undefined> | undefined;
  private listeners = new Set<(session: SignedIn | undefined) => void>();
  /** Calls without a token: register, sign in, refresh. */
  readonly anonymous: EvenlyClient;
  private authed: EvenlyClient | undefined;

  constructor(private readonly apiUrl: string) {
    this.anonymous = new EvenlyClient({ baseUrl: apiUrl });
  }

  get session(): SignedIn | undefined {
    return this.current;
  }

  /** The client of the signed-in user; its token follows every refresh. */
  get client(): EvenlyClient {
    if (!this.current) throw new Error('Invariant: the client is asked for only while signed in');
    this.authed ??= new EvenlyClient({
      baseUrl: this.apiUrl,
      accessToken: this.current.accessToken,
      onUnauthorized: () => this.refresh(),
    });
    return this.authed;
  }

  get accessToken(): string | undefined {
    return this.current?.accessToken;
  }

  subscribe(listener: (session: SignedIn | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  signedIn(session: Session): void {
    this.set({ accessToken: session.accessToken, refreshToken: session.refreshToken, user: session.user });
  }

  /** A fresh access token, or undefined (then the session is over and the user signed out). */
  refresh(): Promise<string | undefined> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<string | undefined> {
    const session = this.current;
    if (!session) return undefined;
    try {
      const fresh = await this.anonymous.refresh(session.refreshToken);
      // Keep the same client object: the page's components hold it.
      this.current = { accessToken: fresh.accessToken, refreshToken: fresh.refreshToken, user: fresh.user };
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(this.current));
      return fresh.accessToken;
    } catch {
      this.set(undefined);
      return undefined;
    }
  }

  async signOut(): Promise<void> {
    const session = this.current;
    this.set(undefined);
    if (session)
      await this.anonymous
        .withToken(session.accessToken)
        .logout(session.refreshToken)
        .catch(() => undefined);
  }

  private set(session: SignedIn | undefined): void {
    this.current = session;
    this.authed = undefined;
    if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(STORAGE_KEY);
    for (const listener of this.listeners) listener(session);
  }
}
