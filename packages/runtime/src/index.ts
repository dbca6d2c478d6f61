export type { Config } from './config.ts'
export { ConfigError, ConfigSchema, loadConfig } from './config.ts'
export type { Runtime } from './deps.ts'
export { buildAppDeps, createDeps } from './deps.ts'
