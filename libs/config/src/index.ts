export { appConfigSchema, ConfigError, loadConfig, workspaceRoot } from './app-config';
export type { AppConfig } from './app-config';
