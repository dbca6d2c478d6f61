import type { Principal } from '@supernova/core'
import type { AppDeps, Logger } from './deps.ts'

/** Hono environment shared by every route: the request id, the app's dependencies, the request's logger. */
export interface AppEnv {
  Variables: {
    requestId: string
    deps: AppDeps
    /** Made on first use by requestLog(c). */
    log?: Logger
    /** Set by authentication; read it through principalOf(c) / ownerOf(c). */
    principal?: Principal
  }
}
