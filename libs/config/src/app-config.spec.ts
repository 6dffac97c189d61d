import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, oidcClientConfigOf, temporalConnectionOptionsOf, workspaceRoot } from './app-config';

describe('loadConfig', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe(`file:${workspaceRoot()}/.local/data/bishan.db`);
    expect(config.temporal).toEqual({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'cases',
      uiUrl: 'http://127.0.0.1:8233',
      maxCachedWorkflows: 250,
      tls: null,
    });
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.kafka.ssl).toBeNull();
    expect(config.kafka.sasl).toBeNull();
    expect(config.kafka.topics).toEqual({ partitions: 3, replicationFactor: 1, minInsyncReplicas: null });
    expect(config.ports.caseApi).toBe(3000);
  });

  it('splits a broker list and keeps a PostgreSQL URL as it is', () => {
    const config = loadConfig({
      KAFKA_BROKERS: 'a:9092, b:9093',
      DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/bishan',
    });
    expect(config.kafka.brokers).toEqual(['a:9092', 'b:9093']);
    expect(config.databaseUrl).toBe('postgresql://u:p@127.0.0.1:5432/bishan');
  });

  it('names every offending variable in one line', () => {
    const attempt = () => loadConfig({ CASE_API_PORT: 'eighty', KAFKA_BROKERS: 'nohostport' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/CASE_API_PORT: .*"eighty"/);
    expect(attempt).toThrow(/KAFKA_BROKERS.*each broker must be host:port/);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('namespaces topics only when told to, and refuses a prefix that is not a topic name', () => {
    expect(loadConfig({}).kafka.topicPrefix).toBe('');
    expect(loadConfig({ KAFKA_TOPIC_PREFIX: 'staging.' }).kafka.topicPrefix).toBe('staging.');
    expect(() => loadConfig({ KAFKA_TOPIC_PREFIX: 'no spaces/' })).toThrow(/KAFKA_TOPIC_PREFIX: letters, digits/);
  });

  it('rejects a database URL of an unknown kind', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must start with file:/);
  });

  it('defaults to development tokens living 8 hours, with no secret unless one is given', () => {
    expect(loadConfig({}).auth).toEqual({
      mode: 'development',
      issuer: 'bishan-dev-login',
      audience: 'bishan-case-api',
      devSecret: undefined,
      tokenTtlSeconds: 28_800,
      adminIds: ['admin'],
    });
    expect(() => loadConfig({ DEV_AUTH_SECRET: 'short' })).toThrow(
      /DEV_AUTH_SECRET: must be at least 32 characters/,
    );
  });

  it('needs the issuer, audience and JWKS URL in oidc mode, naming each missing one', () => {
    const attempt = () => loadConfig({ AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://id.example' });
    expect(attempt).toThrow(
      /OIDC_AUDIENCE: required when AUTH_MODE=oidc.*OIDC_JWKS_URL: required when AUTH_MODE=oidc/,
    );
    expect(attempt).not.toThrow(/OIDC_ISSUER/);
    const config = loadConfig({
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: 'https://id.example',
      OIDC_AUDIENCE: 'case-api',
      OIDC_JWKS_URL: 'https://id.example/jwks.json',
    });
    expect(config.auth).toEqual({
      mode: 'oidc',
      issuer: 'https://id.example',
      audience: 'case-api',
      jwksUrl: 'https://id.example/jwks.json',
      tokenTtlSeconds: 28_800,
      adminIds: ['admin'],
    });
  });

  it("names the console's missing OIDC client variables, and checks the scopes", () => {
    const oidc = {
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: 'https://id.example',
      OIDC_AUDIENCE: 'case-api',
      OIDC_JWKS_URL: 'https://id.example/jwks.json',
    };
    expect(() => oidcClientConfigOf(loadConfig(oidc))).toThrow(
      /OIDC_CLIENT_ID: required when AUTH_MODE=oidc.*OIDC_REDIRECT_URL: required when AUTH_MODE=oidc/,
    );
    expect(() => oidcClientConfigOf(loadConfig({}))).toThrow(/AUTH_MODE/);
    expect(() => loadConfig({ ...oidc, OIDC_SCOPES: 'profile email' })).toThrow(/OIDC_SCOPES: must include openid/);
    expect(() => loadConfig({ ...oidc, OIDC_REDIRECT_URL: 'not a url' })).toThrow(/OIDC_REDIRECT_URL/);
    expect(
      oidcClientConfigOf(
        loadConfig({ ...oidc, OIDC_CLIENT_ID: 'console', OIDC_REDIRECT_URL: 'https://console.example/auth/oidc/callback' }),
      ),
    ).toEqual({
      clientId: 'console',
      clientSecret: null,
      redirectUrl: 'https://console.example/auth/oidc/callback',
      scopes: ['openid', 'profile'],
      postLogoutRedirectUrl: 'https://console.example/',
    });
  });

  it('leaves the email channel off without an SMTP host, and checks the notification variables', () => {
    expect(loadConfig({}).notify).toEqual({
      smtp: null,
      emailDomain: 'bishan.example',
      maxAttempts: 5,
      backoffMs: 5_000,
      dispatchIntervalMs: 500,
      smsProvider: 'log',
    });
    expect(
      loadConfig({ NOTIFY_SMTP_HOST: '127.0.0.1', NOTIFY_SMTP_PORT: '2525', NOTIFY_SMTP_FROM: 'robot@bishan.example' }).notify.smtp,
    ).toEqual({ host: '127.0.0.1', port: 2525, from: 'robot@bishan.example', secure: false });
    expect(() => loadConfig({ NOTIFY_SMTP_PORT: '0', NOTIFY_SMTP_FROM: 'nobody' })).toThrow(
      /NOTIFY_SMTP_PORT: .*NOTIFY_SMTP_FROM: Invalid email/,
    );
    expect(() => loadConfig({ NOTIFY_DELIVERY_MAX_ATTEMPTS: '0' })).toThrow(/NOTIFY_DELIVERY_MAX_ATTEMPTS/);
  });

  describe('TLS, SASL and topic settings', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'config-pem-'));
    const pem = (name: string, label: string) => {
      const file = path.join(dir, name);
      writeFileSync(file, `-----BEGIN ${label}-----\nAAAA\n-----END ${label}-----\n`);
      return file;
    };
    const ca = pem('ca.pem', 'CERTIFICATE');
    const cert = pem('client.pem', 'CERTIFICATE');
    const key = pem('client-key.pem', 'PRIVATE KEY');
    const notPem = path.join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');

    it('reads the Temporal client certificate for mutual TLS and hands it to the SDK', () => {
      const config = loadConfig({
        TEMPORAL_TLS: 'true',
        TEMPORAL_TLS_CA_FILE: ca,
        TEMPORAL_TLS_CERT_FILE: cert,
        TEMPORAL_TLS_KEY_FILE: key,
        TEMPORAL_TLS_SERVER_NAME: 'temporal.bishan.internal',
      });
      const options = temporalConnectionOptionsOf(config.temporal);
      expect(options.address).toBe('127.0.0.1:7233');
      expect(options.tls?.serverNameOverride).toBe('temporal.bishan.internal');
      expect(options.tls?.serverRootCACertificate?.toString()).toContain('BEGIN CERTIFICATE');
      expect(options.tls?.clientCertPair?.key.toString()).toContain('BEGIN PRIVATE KEY');
      expect(temporalConnectionOptionsOf(loadConfig({}).temporal)).toEqual({ address: '127.0.0.1:7233' });
    });

    it('refuses TLS files without their switch, a missing file, a non-PEM file and a lone certificate', () => {
      expect(() => loadConfig({ TEMPORAL_TLS_CA_FILE: ca })).toThrow(/TEMPORAL_TLS_CA_FILE: set only with TEMPORAL_TLS=true/);
      expect(() => loadConfig({ TEMPORAL_TLS: 'true', TEMPORAL_TLS_CA_FILE: path.join(dir, 'nope.pem') })).toThrow(
        /TEMPORAL_TLS_CA_FILE: cannot read the file \(ENOENT\)/,
      );
      expect(() => loadConfig({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: notPem })).toThrow(/KAFKA_SSL_CA_FILE: not a PEM file/);
      expect(() => loadConfig({ TEMPORAL_TLS: 'true', TEMPORAL_TLS_CERT_FILE: cert })).toThrow(
        /TEMPORAL_TLS_KEY_FILE: required together with TEMPORAL_TLS_CERT_FILE/,
      );
      expect(() => loadConfig({ KAFKA_SSL: 'yes' })).toThrow(/KAFKA_SSL: must be 'true' or 'false'/);
    });

    it('takes SCRAM credentials only over TLS, and all of them', () => {
      const sasl = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'bishan', KAFKA_SASL_PASSWORD: 's3cret-pass' };
      expect(() => loadConfig(sasl)).toThrow(/KAFKA_SASL_MECHANISM: needs KAFKA_SSL=true/);
      expect(() => loadConfig({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toThrow(
        /KAFKA_SASL_USERNAME: required.*KAFKA_SASL_PASSWORD: required/,
      );
      expect(() => loadConfig({ KAFKA_SASL_PASSWORD: 'x' })).toThrow(/KAFKA_SASL_PASSWORD: set only with KAFKA_SASL_MECHANISM/);
      const config = loadConfig({ ...sasl, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: ca });
      expect(config.kafka.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'bishan', password: 's3cret-pass' });
      expect(config.kafka.ssl).toEqual({ ca: expect.stringContaining('BEGIN CERTIFICATE'), cert: null, key: null });
    });

    it('creates topics with the configured replication, never more in-sync replicas than replicas', () => {
      const config = loadConfig({ KAFKA_TOPIC_REPLICATION_FACTOR: '3', KAFKA_TOPIC_MIN_INSYNC_REPLICAS: '2', KAFKA_TOPIC_PARTITIONS: '6' });
      expect(config.kafka.topics).toEqual({ partitions: 6, replicationFactor: 3, minInsyncReplicas: 2 });
      expect(() => loadConfig({ KAFKA_TOPIC_MIN_INSYNC_REPLICAS: '2' })).toThrow(
        /KAFKA_TOPIC_MIN_INSYNC_REPLICAS: must not exceed KAFKA_TOPIC_REPLICATION_FACTOR/,
      );
      expect(() => loadConfig({ KAFKA_TOPIC_REPLICATION_FACTOR: '0' })).toThrow(/KAFKA_TOPIC_REPLICATION_FACTOR/);
    });
  });
});
