import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, inject } from 'vitest'
import { contractCounts, drainContract } from './contract.ts'

// vitest setupFiles entry: after each test, the responses it received must have met the OpenAPI contract (see
// contract.ts); after each file, its counts go to the run's tally, which global-setup prints once.
afterEach(async () => {
  await drainContract()
})

afterAll(async () => {
  await drainContract()
  const counts = contractCounts()
  const dir = inject('contractDir')
  if (dir && (counts.validated || Object.keys(counts.skipped).length))
    appendFileSync(join(dir, 'counts.ndjson'), `${JSON.stringify(counts)}\n`)
})
