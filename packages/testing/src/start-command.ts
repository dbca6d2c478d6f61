import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** `npm start`'s command line as a child process takes it: node's arguments and the variables set before `node`. */
export interface StartCommand {
  /** node's flags, then the script (e.g. ['--v8-pool-size=2', 'scripts/start.mjs']). */
  args: string[]
  /** Variables the start script sets for the process (e.g. MALLOC_ARENA_MAX). */
  env: Record<string, string>
}

/**
 * Reads package.json's `start` script (`[exec env] [NAME=value ...] node [flags ...] script`), so that tests,
 * benchmarks and the load suite start the server exactly as `npm start` does, its memory settings included, from one
 * place. `exec env` is how the script runs node in place of npm's shell, so npm's signals reach node itself.
 */
export function startCommand(root: string): StartCommand {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: { start?: string } }
  const script = pkg.scripts?.start ?? ''
  const words = script.trim().split(/\s+/)
  if (words[0] === 'exec') words.shift()
  if (words[0] === 'env') words.shift()
  const env: Record<string, string> = {}
  while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [name, ...value] = words.shift()!.split('=')
    env[name!] = value.join('=')
  }
  if (words.shift() !== 'node' || words.length === 0)
    throw new Error(
      `package.json's start script should be "[exec env] [NAME=value ...] node [flags] script": ${script}`,
    )
  return { args: words, env }
}
