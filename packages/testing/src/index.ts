export type { AblyStub, StubMessage } from './ably-stub.ts'
export { ablyTokenRequestMac, startAblyStub } from './ably-stub.ts'
export { describeApiKeyRepository } from './api-key-contract.ts'
export { createTestAppDeps, TEST_SYMBOLS, withAppDeps } from './app-deps.ts'
export type { PostgresBinaries } from './binaries.ts'
export { CHROMIUM_ARGS, chromiumPath, findBinary, locatePostgres } from './binaries.ts'
export type { DriverFixture } from './cache-contract.ts'
export { describeL2Driver, describeRemoteDriver } from './cache-contract.ts'
export type { ChaosControl, ChaosMode } from './chaos.ts'
export { ChaosError, withChaos } from './chaos.ts'
export type { ChaosSql } from './chaos-sql.ts'
export { chaosSql } from './chaos-sql.ts'
export type { ContractTally } from './contract.ts'
export { contractCounts, drainContract, observeContract } from './contract.ts'
export { readOhlcvFixture, readPriceTableFixture, sharedDataPath } from './fixtures.ts'
export type { FuzzOperation, HostileRequest, JsonSchema } from './hostile-requests.ts'
export { fromSchema, fuzzOperations, HOSTILE, hostileRequest, Tally } from './hostile-requests.ts'
export { type LoadStub, startLoadStub } from './load-stub.ts'
export { describeMarketHistory } from './market-history-contract.ts'
export type { MotoServer } from './moto.ts'
export { startMoto } from './moto.ts'
export { neonHttpTestDatabase, startNeonHttpEndpoint, startNeonWsProxy } from './neon-proxy.ts'
export { breakingBumped, breakingChanges } from './openapi-diff.ts'
export {
  buildApiDocument,
  CLIENT_SCHEMA_PATH,
  documentText,
  generateClientTypes,
  packageVersion,
  REPO_ROOT,
  SNAPSHOT_PATH,
} from './openapi-tools.ts'
export { freePort } from './ports.ts'
export type { PostgresServer } from './postgres.ts'
export { createTestDatabase, startPostgres } from './postgres.ts'
export type { Provisioned, ProvisionOptions } from './provision.ts'
export { ProvisionError, provision } from './provision.ts'
export { describeRateLimiter } from './rate-limiter-contract.ts'
export type { RedisServer } from './redis.ts'
export { startRedis } from './redis.ts'
export type { ReportResults, Requester } from './report-fixtures.ts'
export { createReportResults, createSentimentItems } from './report-fixtures.ts'
export { describeSentimentModel } from './sentiment-contract.ts'
export { freshGet, type StartedServerProcess, spawnNpmStart, spawnStartScript } from './server-process.ts'
export { describeSqlDatabase } from './sql-contract.ts'
export { type StartCommand, startCommand } from './start-command.ts'
export type { SvgElement } from './svg.ts'
export { linePaths, parseSvg, position, seriesCount, seriesElements, texts, vertices } from './svg.ts'
export {
  bulkInsert,
  describeTaskRunner,
  settled,
  TASK_RUNNER_CHILD,
  testTaskTypes,
  waitFor,
} from './task-runner-suite.ts'
export { startTcpProxy, type TcpProxy } from './tcp-proxy.ts'
export { SCHED_IDLE, type ThreadSchedule, threadSchedules } from './threads.ts'
export type { UpstashEmulator } from './upstash-emulator.ts'
export { startUpstashEmulator } from './upstash-emulator.ts'
export { type UpstashFixture, useUpstashEmulator } from './upstash-fixture.ts'
