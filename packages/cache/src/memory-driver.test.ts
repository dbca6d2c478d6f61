import { describeL2Driver } from '@supernova/testing'
import { memoryL2 } from './memory-driver.ts'

// The in-process stand-in that unit tests and benchmarks put under the cache meets the same contract as Redis,
// Upstash and SQL, so what those tests show about the cache holds for the real tiers.
describeL2Driver('memoryL2 (in-process)', async () => ({ driver: memoryL2() }))
