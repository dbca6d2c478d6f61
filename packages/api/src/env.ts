import type { AppDeps } from './deps.ts'

/** Hono environment shared by every route: the request id and the app's dependencies. */
export interface AppEnv {
  Variables: {
    requestId: string
    deps: AppDeps
  }
}
