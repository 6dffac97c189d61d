import { LatencyRecorder, type LatencySummary } from './latency';

export interface Person {
  readonly id: string;
  readonly role: string;
}

export interface ApiAnswer {
  status: number;
  // Answers are read field by field by the caller, whatever their shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** Status 0: no HTTP answer at all (connection refused, reset, timed out). */
export const NO_ANSWER = 0;

/** The operation name logging in is timed under, apart from the writes (ApiClient.logins). */
export const LOGIN = 'login';

const isRetryable = (status: number) => status === NO_ANSWER || status >= 500;

/**
 * The public HTTP API as the district's people use it: each person logs in once through the
 * development login, every request is timed (writes and reads apart), and every failure is counted
 * by operation and status.
 */
export class ApiClient {
  readonly writes = new LatencyRecorder();
  readonly reads = new LatencyRecorder();
  /** Logging in (once per person): timed apart, so that it is not taken for one of the API's writes. */
  readonly logins = new LatencyRecorder();
  /** Every request's latency again, by the operation name its caller gave (`getCase`, `listCases`, …). */
  readonly byOperation = new Map<string, LatencyRecorder>();
  readonly errors = new Map<string, number>();
  readonly retries = new Map<string, number>();
  requests = 0;
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 30_000,
    private readonly maxRetries = 3,
  ) {}

  token(person: Person): Promise<string> {
    const key = `${person.id} ${person.role}`;
    let token = this.tokens.get(key);
    if (!token) {
      token = (async () => {
        const login = () =>
          this.send('POST', '/auth/dev-login', LOGIN, { userId: person.id, role: person.role });
        let answer = await login();
        // An API restarting (or briefly overloaded) answers nothing or a 5xx: log in again, as for any request.
        for (let attempt = 1; attempt <= this.maxRetries && isRetryable(answer.status); attempt += 1) {
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
          answer = await login();
        }
        if (answer.status !== 200) {
          this.tokens.delete(key);
          throw new Error(
            `dev-login of ${person.id} as ${person.role} answered ${answer.status}: ${JSON.stringify(answer.body)}`,
          );
        }
        return answer.body.accessToken as string;
      })();
      this.tokens.set(key, token);
    }
    return token;
  }

  /**
   * With an Idempotency-Key, a request that got no answer or a 5xx is sent again with the same key
   * (what a careful client does: the server replays the first success and never acts twice). Each
   * retry is counted under `retries`; only the final answer counts as an error.
   */
  async post(
    person: Person,
    path: string,
    operation: string,
    body: unknown,
    idempotencyKey?: string,
  ): Promise<ApiAnswer> {
    const token = await this.token(person);
    let answer = await this.send('POST', path, operation, body, token, idempotencyKey);
    for (
      let attempt = 1;
      idempotencyKey && attempt <= this.maxRetries && isRetryable(answer.status);
      attempt += 1
    ) {
      this.retries.set(
        `${operation} ${answer.status}`,
        (this.retries.get(`${operation} ${answer.status}`) ?? 0) + 1,
      );
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      answer = await this.send('POST', path, operation, body, token, idempotencyKey);
    }
    return answer;
  }

  async get(
    person: Person,
    path: string,
    operation: string,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer> {
    const token = await this.token(person);
    return this.send('GET', path, operation, undefined, token, undefined, headers);
  }

  /** The latency summary of each operation, by name. */
  operationSummaries(): Record<string, LatencySummary> {
    return Object.fromEntries(
      [...this.byOperation].map(([operation, recorder]) => [operation, recorder.summary()]),
    );
  }

  private recorderOf(operation: string): LatencyRecorder {
    let recorder = this.byOperation.get(operation);
    if (!recorder) this.byOperation.set(operation, (recorder = new LatencyRecorder()));
    return recorder;
  }

  countError(operation: string, status: number | string): void {
    const key = `${operation} ${status}`;
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
  }

  get errorCount(): number {
    let total = 0;
    for (const n of this.errors.values()) total += n;
    return total;
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    operation: string,
    body?: unknown,
    token?: string,
    idempotencyKey?: string,
    extraHeaders: Record<string, string> = {},
  ): Promise<ApiAnswer> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const began = performance.now();
    this.requests += 1;
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      const took = performance.now() - began;
      (method === 'GET' ? this.reads : operation === LOGIN ? this.logins : this.writes).record(took);
      this.recorderOf(operation).record(took);
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON (CSV, HTML): the raw text is the answer
      }
      return { status: response.status, body: parsed };
    } catch (error) {
      return { status: NO_ANSWER, body: { detail: error instanceof Error ? error.message : String(error) } };
    }
  }
}
