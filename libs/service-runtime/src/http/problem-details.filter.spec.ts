import { Logger, type ArgumentsHost } from '@nestjs/common';
import { ProblemDetailsFilter } from './problem-details.filter';

describe('ProblemDetailsFilter', () => {
  const hostFor = (sent: { status?: number; body?: unknown }) =>
    ({
      switchToHttp: () => ({
        getRequest: () => ({ method: 'POST', url: '/cases?api_key=secret' }),
        getResponse: () => {
          const reply = {
            status: (code: number) => ((sent.status = code), reply),
            header: () => reply,
            send: (body: unknown) => ((sent.body = body), reply),
          };
          return reply;
        },
      }),
    }) as unknown as ArgumentsHost;

  it('hides an unexpected error behind a 500 and logs it with every cause, the gRPC status among them', () => {
    const logged: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void logged.push(String(message)));
    const grpc = Object.assign(new Error('4 DEADLINE_EXCEEDED: Deadline exceeded'), { code: 4, details: 'Deadline exceeded after 3.001s' });
    const sent: { status?: number; body?: unknown } = {};
    new ProblemDetailsFilter().catch(new Error('Failed to start Workflow', { cause: grpc }), hostFor(sent));
    spy.mockRestore();

    expect(sent.status).toBe(500);
    expect(JSON.stringify(sent.body)).not.toContain('DEADLINE');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('POST /cases?api_key=');
    expect(logged[0]).not.toContain('secret');
    expect(logged[0]).toContain('Error: Failed to start Workflow');
    expect(logged[0]).toContain('caused by: Error: 4 DEADLINE_EXCEEDED: Deadline exceeded (code 4, Deadline exceeded after 3.001s)');
  });
});
