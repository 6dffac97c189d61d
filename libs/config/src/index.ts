export { authSafetyIssues, devLoginWarning, isDefaultSecret } from './auth-safety';
export {
  appConfigSchema,
  ConfigError,
  devTokenAudience,
  devTokenIssuer,
  loadConfig,
  oidcClientConfigOf,
  temporalConnectionOptionsOf,
  workspaceRoot,
} from './app-config';
export { developmentAuditKey, type AuditKey, type SecurityConfig } from './security-config';
export type { AppConfig, AuthConfig, KafkaConfig, OidcClientConfig, TemporalConfig } from './app-config';
export type { TracingConfig } from './tracing-config';
