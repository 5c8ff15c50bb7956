import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onUnauthenticated, setCsrfToken } from '../api/client';
import type { Me } from '../api/types';

interface AuthState {
  me: Me | null;
  loading: boolean;
  /** The session ended under the user (idle or absolute timeout, or revoked). */
  expired: boolean;
  /** After a login answer: remember the user and the CSRF token. */
  signedIn(me: Me, csrfToken: string): void;
  refresh(): Promise<void>;
  logout(): Promise<void>;
  can(permission: string | string[]): boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const current = await api<Me>('GET', '/api/me', undefined, { quiet401: true });
      // The cookie is HttpOnly: after a reload the token comes back from the server.
      const { csrfToken } = await api<{ csrfToken: string }>('GET', '/api/auth/csrf', undefined, { quiet401: true });
      setCsrfToken(csrfToken);
      setMe(current);
    } catch {
      setMe(null);
      setCsrfToken(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
    return onUnauthenticated(() => {
      setMe(null);
      setCsrfToken(null);
      setExpired(true);
    });
  }, [refresh]);

  const value = useMemo<AuthState>(
    () => ({
      me,
      loading,
      expired,
      signedIn(next, csrfToken) {
        setCsrfToken(csrfToken);
        setExpired(false);
        setMe(next);
      },
      refresh,
      async logout() {
        try {
          await api('POST', '/api/auth/logout');
        } finally {
          setCsrfToken(null);
          setMe(null);
        }
      },
      can(permission) {
        if (!me) return false;
        return ([] as string[]).concat(permission).some((p) => me.permissions.includes(p));
      },
    }),
    [me, loading, expired, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
