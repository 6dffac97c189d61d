import { ConfigError, loadConfig } from './app-config';

describe('tracing configuration', () => {
  it('exports nothing by default: spans only carry context', () => {
    expect(loadConfig({}).tracing).toEqual({
      exporter: 'none',
      url: null,
      headers: {},
      serviceName: null,
      batchDelayMs: 5000,
    });
  });

  it('sends OTLP to <endpoint>/v1/traces once an endpoint is set, with its headers', () => {
    const { tracing } = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example:4318/',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s%3Dcret, x-tenant=bishan',
      OTEL_SERVICE_NAME: 'bishan-api-1',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    expect(tracing).toEqual({
      exporter: 'otlp',
      url: 'https://collector.example:4318/v1/traces',
      headers: { 'x-api-key': 's=cret', 'x-tenant': 'bishan' },
      serviceName: 'bishan-api-1',
      batchDelayMs: 200,
    });
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/traces' }).tracing.url,
    ).toBe('http://127.0.0.1:4318/traces');
  });

  it('keeps an endpoint unused when OTEL_TRACES_EXPORTER=none', () => {
    expect(
      loadConfig({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })
        .tracing,
    ).toMatchObject({ exporter: 'none', url: null });
  });

  it('refuses OTLP without an endpoint, an unknown exporter, a non-HTTP endpoint and malformed headers', () => {
    expect(() => loadConfig({ OTEL_TRACES_EXPORTER: 'otlp' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT: required when OTEL_TRACES_EXPORTER=otlp/,
    );
    expect(() => loadConfig({ OTEL_TRACES_EXPORTER: 'console' })).toThrow(ConfigError);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'file:///tmp/spans' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_HEADERS: 'no-equals-sign' })).toThrow(
      /OTEL_EXPORTER_OTLP_HEADERS: must be name=value pairs/,
    );
  });
});
