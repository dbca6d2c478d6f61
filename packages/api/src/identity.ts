import { LOCAL_PRINCIPAL, type Principal } from '@supernova/core'
import type { Context } from 'hono'
import type { AppEnv } from './env.ts'

/** The caller of this request; the quick start's local owner until an authentication middleware sets one. */
export function principalOf(c: Context<AppEnv>): Principal {
  return c.var.principal ?? LOCAL_PRINCIPAL
}

/** The owner id that user-owned rows of this request are stored under and filtered by. */
export function ownerOf(c: Context<AppEnv>): string {
  return principalOf(c).owner
}
