import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/** The signed-in person as the case API describes them (the token's claims). */
export interface Actor {
  id: string;
  role: string;
  name?: string;
  townId?: string;
  villageId?: string;
  departmentId?: string;
}

export interface Session {
  accessToken: string;
  expiresAt?: string;
  actor: Actor;
  /** Present for an OIDC sign-in: the hint for the issuer's end-session endpoint on logout. */
  idToken?: string;
}

/** RFC 9457 problem document, as every service answers an error. */
export interface ProblemDocument {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { field: string; message: string }[];
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

const SESSION_KEY = 'bishan.session';

function storedSession(): Session | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    if (session.expiresAt && Date.parse(session.expiresAt) < Date.now()) return null;
    return session;
  } catch {
    return null;
  }
}

let currentToken: string | null = storedSession()?.accessToken ?? null;
let onUnauthorized: () => void = () => undefined;

/** One call to one service through the console's origin; an error answer becomes an ApiProblem. */
export async function apiRequest<T>(
  service: Service,
  path: string,
  options: { method?: string; body?: unknown; idempotencyKey?: string; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (currentToken) headers.authorization = `Bearer ${currentToken}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const response = await fetch(`/api/${service}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
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

export function currentAccessToken(): string | null {
  return currentToken;
}

/**
 * Leaves through the console server to the issuer's end-session endpoint (it returns here). A form
 * post rather than a link, so the ID token does not enter this origin's history.
 */
function endIssuerSession(idToken: string): void {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = '/auth/oidc/logout';
  const hint = document.createElement('input');
  hint.type = 'hidden';
  hint.name = 'id_token_hint';
  hint.value = idToken;
  form.append(hint);
  document.body.append(form);
  form.submit();
}

interface SessionContextValue {
  session: Session | null;
  signIn(session: Session): void;
  signOut(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(storedSession);
  const signIn = useCallback((next: Session) => {
    localStorage.setItem(SESSION_KEY, JSON.stringify(next));
    currentToken = next.accessToken;
    setSession(next);
  }, []);
  const forget = useCallback(() => {
    localStorage.removeItem(SESSION_KEY);
    currentToken = null;
    setSession(null);
  }, []);
  const signOut = useCallback(() => {
    const idToken = storedSession()?.idToken;
    forget();
    // After the caller's own navigation to '/', so that does not cancel this one.
    if (idToken) setTimeout(() => endIssuerSession(idToken), 0);
  }, [forget]);
  // A refused token only ends the console's session; the person may still be signed in at the issuer.
  useEffect(() => {
    onUnauthorized = forget;
  }, [forget]);
  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
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
