import { neonConfig, types as neonTypes, Pool } from '@neondatabase/serverless'
import ws from 'ws'
import { type PoolLike, poolDatabase } from './pool.ts'
import type { SqlDatabase } from './port.ts'
import { pgTypes } from './types.ts'

const types = pgTypes(neonTypes)

export interface NeonWsOptions {
  connectionString: string
  max?: number
  /** WebSocket proxy for non-Neon Postgres (local tests): `host:port/path` or a function. Process-wide. */
  wsProxy?: string | ((host: string, port: number | string) => string)
  /** false for a plain ws:// proxy on loopback. */
  useSecureWebSocket?: boolean
}

/** Neon over WebSocket (`Pool`): node-postgres semantics, interactive transactions. */
export function createNeonWsDatabase(options: NeonWsOptions): SqlDatabase {
  neonConfig.webSocketConstructor = ws
  if (options.wsProxy) {
    neonConfig.wsProxy = options.wsProxy
    neonConfig.useSecureWebSocket = options.useSecureWebSocket ?? false
    neonConfig.pipelineTLS = false
    // Pipelined startup only works with cleartext passwords; SCRAM users need the normal handshake.
    neonConfig.pipelineConnect = false
  }
  const pool = new Pool({ connectionString: options.connectionString, max: options.max ?? 10, types })
  return poolDatabase('neon-ws', pool as unknown as PoolLike, true)
}
