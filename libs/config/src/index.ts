export {
  appConfigSchema,
  ConfigError,
  devTokenAudience,
  devTokenIssuer,
  loadConfig,
  workspaceRoot,
} from './app-config';
export type { AppConfig, AuthConfig } from './app-config';
