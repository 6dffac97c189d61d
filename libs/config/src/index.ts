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
export type { AppConfig, AuthConfig, KafkaConfig, OidcClientConfig, TemporalConfig } from './app-config';
