export {
  appConfigSchema,
  ConfigError,
  devTokenAudience,
  devTokenIssuer,
  loadConfig,
  oidcClientConfigOf,
  workspaceRoot,
} from './app-config';
export type { AppConfig, AuthConfig, OidcClientConfig } from './app-config';
