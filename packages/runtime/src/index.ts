export { scheduleAlertEvaluation } from './alerts.ts'
export type { Config, DeploymentShape } from './config.ts'
export { ConfigError, ConfigSchema, loadConfig } from './config.ts'
export { openDatabase, prepareDatabase } from './database.ts'
export type { Runtime } from './deps.ts'
export { buildAppDeps, createDeps } from './deps.ts'
export {
  createIdentityFor,
  isLoopbackHost,
  localIdentity,
  requireAuthentication,
  StartupRefusedError,
} from './identity.ts'
export { createLogger } from './logger.ts'
export { wireMonitor } from './monitor.ts'
export { preloadHistories } from './preload.ts'
export type { RealtimeSetup } from './realtime.ts'
export { createRealtimeFor } from './realtime.ts'
export {
  appTaskRegistry,
  sqsClientFor,
  sqsQueueUrls,
  type TaskCpuOptions,
  taskCpuOf,
  taskEventsFor,
  taskThreads,
} from './tasks.ts'
export type { TickMessage, TickSimulator, TickSink } from './ticks.ts'
export { barsImported, emitTicks, startTickSimulator } from './ticks.ts'
export type { WarmUpResult } from './warm-up.ts'
export { warmUp } from './warm-up.ts'
