/**
 * One open-loop generator run in its own process (bench/load-generators.bench.ts measures its CPU from outside, as
 * it does Artillery's): `node --import tsx bench/load-generator-child.ts URL RATE SECONDS`; prints its totals as JSON.
 */
import { runOpenLoop } from '../load/lib/open-loop.ts'

const [target, rate, seconds] = process.argv.slice(2)
const t = await runOpenLoop({ target: target!, rate: Number(rate), seconds: Number(seconds) })
console.log(JSON.stringify({ requests: t.requests, p99: t.p99, failedUsers: t.failedUsers }))
