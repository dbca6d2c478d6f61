/**
 * `npm run bench -- auth`: what authentication costs a request.
 * - per call: microseconds of `authenticate()` for a cached API key (one SHA-256 and an LRU lookup), a cached
 *   HS256 JWT, local mode, and an uncached key (TTL 0: the database verification, PGlite in process).
 * - per request: GET /v1/symbols/AAPL through createApp (app.request, in process) with an API key against the
 *   same deps in local mode (an identity that sees no keys: the baseline), rounds alternating, medians of
 *   microseconds per request.
 * Env: BENCH_ROUNDS (7), BENCH_REQUESTS (1000).
 */
import { createApp, createAuthenticator, createJwtVerifier } from '@supernova/api'
import { createPgliteDatabase } from '@supernova/db'
import { createTestAppDeps, withAppDeps } from '@supernova/testing'
import { SignJWT } from 'jose'
import { median, opsPerSec, report, round } from './lib.ts'

const rounds = Number(process.env.BENCH_ROUNDS ?? 7)
const requests = Number(process.env.BENCH_REQUESTS ?? 1000)
const usPerCall = (opsPerS: number) => round(1e6 / opsPerS, 3)

const keyed = await createTestAppDeps({ db: await createPgliteDatabase(), from: '2023-06-01' })
const keys = keyed.identity!.keys
// The baseline: the same deps (database, cache, monitor) with an identity that sees no keys, so local mode.
const localAuth = createAuthenticator({
  keys: { verify: keys.verify, hasActive: async () => false },
  allowLocal: true,
})
const local = withAppDeps(keyed, { identity: { keys, auth: localAuth } })
const { key } = await keys.create({ owner: 'bench', scopes: ['read'] })
keyed.identity!.auth.changed()
const secret = 'b'.repeat(40)
const jwt = createAuthenticator({ keys, jwt: await createJwtVerifier({ secret }), allowLocal: false })
const token = await new SignJWT({ scope: 'read' })
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject('bench')
  .setExpirationTime('1h')
  .sign(new TextEncoder().encode(secret))
const cached = createAuthenticator({ keys, allowLocal: false })
const uncached = createAuthenticator({ keys, allowLocal: false, cacheTtlMs: 0 })
const bearer = { scheme: 'bearer', text: key } as const
for (const a of [cached, uncached]) if (!(await a.authenticate(bearer)).ok) throw new Error('key refused')
if (!(await jwt.authenticate({ scheme: 'bearer', text: token })).ok) throw new Error('JWT refused')

const calls = {
  cached_key_us: [] as number[],
  cached_jwt_us: [] as number[],
  local_us: [] as number[],
  uncached_key_us: [] as number[],
}
for (let i = 0; i < rounds; i++) {
  calls.cached_key_us.push(usPerCall(await opsPerSec(() => cached.authenticate(bearer), 300)))
  calls.cached_jwt_us.push(
    usPerCall(await opsPerSec(() => jwt.authenticate({ scheme: 'bearer', text: token }), 300)),
  )
  calls.local_us.push(usPerCall(await opsPerSec(() => localAuth.authenticate(undefined), 300)))
  calls.uncached_key_us.push(usPerCall(await opsPerSec(() => uncached.authenticate(bearer), 300)))
}

const keyedApp = createApp(withAppDeps(keyed, {}))
const localApp = createApp(local)
const path = '/v1/symbols/AAPL'
async function perRequest(
  app: ReturnType<typeof createApp>,
  headers: Record<string, string>,
): Promise<number> {
  const start = performance.now()
  for (let i = 0; i < requests; i++) {
    const res = await app.request(path, { headers })
    if (res.status !== 200) throw new Error(`status ${res.status}`)
    await res.arrayBuffer()
  }
  return ((performance.now() - start) * 1000) / requests
}
await perRequest(keyedApp, { authorization: `Bearer ${key}` })
await perRequest(localApp, {})
const req = { with_key_us: [] as number[], local_mode_us: [] as number[] }
// Alternating which goes first, so neither always runs after the other's garbage.
for (let i = 0; i < rounds; i++) {
  const withKey = () => perRequest(keyedApp, { authorization: `Bearer ${key}` })
  const localMode = () => perRequest(localApp, {})
  if (i % 2) req.local_mode_us.push(await localMode())
  req.with_key_us.push(await withKey())
  if (!(i % 2)) req.local_mode_us.push(await localMode())
}
await keyed.close()

const m = (xs: number[]) => round(median(xs), 2)
report({
  name: 'auth',
  rounds,
  requestsPerRound: requests,
  medians: {
    cached_key_us: m(calls.cached_key_us),
    cached_jwt_us: m(calls.cached_jwt_us),
    local_us: m(calls.local_us),
    uncached_key_us: m(calls.uncached_key_us),
    request_with_key_us: m(req.with_key_us),
    request_local_mode_us: m(req.local_mode_us),
  },
  ratios: {
    request_with_key_over_local: round(median(req.with_key_us) / median(req.local_mode_us)),
    added_us_per_request: round(median(req.with_key_us) - median(req.local_mode_us), 1),
  },
})
