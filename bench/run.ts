/**
 * `npm run bench -- NAME [args...]`: runs bench/NAME.bench.ts in a fresh process (so benchmarks never share
 * JIT state or heap) and passes its output through; the last stdout line is its JSON summary.
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const [name, ...args] = process.argv.slice(2)
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME\navailable: ${available.join(', ')}`)
  process.exit(name ? 2 : 0)
}
const file = join(here, `${name}.bench.ts`)
if (!existsSync(file)) process.exit(2)
const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', file, ...args], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
})
child.on('exit', (code) => process.exit(code ?? 1))
