import { provision } from './provision.ts'

// `npm run provision`: what `npm test` does first, on its own (to install ahead of time, or to time it).
const started = performance.now()
try {
  const tools = await provision({ log: (line) => console.log(line) })
  console.log(
    JSON.stringify({
      seconds: Math.round(performance.now() - started) / 1000,
      postgres: tools.postgres,
      redisServer: tools.redisServer,
      chromium: tools.chromium,
    }),
  )
} catch (e) {
  console.error((e as Error).message)
  process.exitCode = 1
}
