export type { RunningServer } from './server.ts'
export { startServer } from './server.ts'
