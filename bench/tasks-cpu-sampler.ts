/**
 * The load generator of bench/tasks-cpu.ts, in its own process (pinned to its own core when taskset exists), so
 * the figure is the server's latency and not the sampler's share of the CPU. Open loop: requests go out at a
 * fixed arrival rate over keep-alive connections (node:http, no fetch/undici overhead) whatever the answers do.
 * Messages: {url, rate, n} -> {lat: ms per request (send to last byte), errors}.
 */
import { Agent, get } from 'node:http'

const agent = new Agent({ keepAlive: true, maxSockets: 8 })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function once(url: string): Promise<number> {
  const t = performance.now()
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      res.on('data', () => {})
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t) : reject(res.statusCode)))
    }).on('error', reject)
  })
}

async function sample(url: string, rate: number, n: number) {
  const lat: number[] = []
  let errors = 0
  const sent: Promise<void>[] = []
  const t0 = performance.now()
  for (let i = 0; i < n; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now()
    if (wait > 1) await sleep(wait)
    sent.push(
      once(url).then(
        (ms) => void lat.push(ms),
        () => void errors++,
      ),
    )
  }
  await Promise.all(sent)
  return { lat, errors }
}

process.on('message', (m: { url: string; rate: number; n: number } | 'exit') => {
  if (m === 'exit') return void process.exit(0)
  void sample(m.url, m.rate, m.n).then((r) => process.send!(r))
})
// the bench went away (killed or crashed): do not outlive it
process.on('disconnect', () => process.exit(0))
process.send!('ready')
