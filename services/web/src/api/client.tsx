import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Actor } from '@bishan/domain';
import type { FieldError } from '../labels/field-errors';

/** The signed-in person as the case API describes them (the token's claims): the domain's actor. */
export type { Actor };

/**
 * The console server's session, as it shows it to the browser (GET /auth/session): who is signed
 * in and the CSRF token writes carry. The access token stays on the server: the proxy adds it.
 */
export interface Session {
  method: 'development' | 'oidc';
  actor: Actor;
  expiresAt: string;
  csrfToken: string;
}

/** RFC 9457 problem document, as every service answers an error. */
export interface ProblemDocument {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldError[];
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDocument,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export type Service = 'case' | 'notification' | 'reporting';

// The session's CSRF token, for every write; the session cookie itself is HttpOnly.
let csrfToken: string | null = null;
let onUnauthorized: () => void = () => undefined;

const unsafeMethod = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

/** One call to one service through the console's origin; an error answer becomes an ApiProblem. */
export async function apiRequest<T>(
  service: Service,
  path: string,
  options: { method?: string; body?: unknown; idempotencyKey?: string; signal?: AbortSignal } = {},
): Promise<T> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (csrfToken && unsafeMethod(method)) headers['x-csrf-token'] = csrfToken;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const response = await fetch(`/api/${service}${path}`, {
    method,
    credentials: 'same-origin',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    if (response.status === 401 && service === 'case') onUnauthorized();
    const problem =
      parsed && typeof parsed === 'object' ? (parsed as ProblemDocument) : { title: response.statusText, detail: text };
    throw new ApiProblem(response.status, problem);
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const caseApi = {
  get: <T,>(path: string, signal?: AbortSignal) => apiRequest<T>('case', path, { signal }),
  post: <T,>(path: string, body: unknown, idempotencyKey?: string) =>
    apiRequest<T>('case', path, { body, idempotencyKey }),
};

/** Query string of the defined values only. */
export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The CSRF header of the current session, for requests made outside apiRequest (downloads). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** The console server's session of this browser, or null when nobody is signed in. */
async function fetchSession(): Promise<Session | null> {
  const response = await fetch('/auth/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  return response.ok ? ((await response.json()) as Session) : null;
}

interface SessionContextValue {
  session: Session | null;
  /** False until the console server has said whether this browser has a session. */
  checked: boolean;
  signIn(session: Session): void;
  signOut(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [checked, setChecked] = useState(false);
  const signIn = useCallback((next: Session) => {
    csrfToken = next.csrfToken;
    setSession(next);
  }, []);
  const forget = useCallback(() => {
    csrfToken = null;
    setSession(null);
  }, []);
  useEffect(() => {
    let current = true;
    fetchSession().then(
      (found) => {
        if (!current) return;
        if (found) signIn(found);
        setChecked(true);
      },
      () => current && setChecked(true),
    );
    return () => {
      current = false;
    };
  }, [signIn]);
  const signOut = useCallback(() => {
    const headers = { accept: 'application/json', ...csrfHeaders() };
    forget();
    // The server ends the session for every console instance; after an OIDC sign-in it answers
    // the issuer's end-session URL, where the browser goes on to (and comes back from).
    void fetch('/auth/logout', { method: 'POST', credentials: 'same-origin', headers })
      .then(async (response) => (response.ok ? ((await response.json()) as { redirect?: string }) : {}))
      .then(({ redirect }) => {
        if (redirect && redirect !== '/') window.location.assign(redirect);
      })
      .catch(() => undefined);
  }, [forget]);
  // A refused token ends the console's view of the session; the person signs in again.
  useEffect(() => {
    onUnauthorized = forget;
  }, [forget]);
  const value = useMemo(() => ({ session, checked, signIn, signOut }), [session, checked, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in actor; pages are only rendered for a session, so this never returns null there. */
export function useActor(): Actor {
  const { session } = useSession();
  if (!session) throw new Error('no session');
  return session.actor;
}

/** A fresh idempotency key per submission: a retried click never raises a second case. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
