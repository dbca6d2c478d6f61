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
 * Reads package.json's `start` script (`[NAME=value ...] node [flags ...] script`), so that tests, benchmarks and the
 * load suite start the server exactly as `npm start` does, its memory settings included, from one place.
 */
export function startCommand(root: string): StartCommand {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: { start?: string } }
  const script = pkg.scripts?.start ?? ''
  const words = script.trim().split(/\s+/)
  const env: Record<string, string> = {}
  while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [name, ...value] = words.shift()!.split('=')
    env[name!] = value.join('=')
  }
  if (words.shift() !== 'node' || words.length === 0)
    throw new Error(`package.json's start script should be "[NAME=value ...] node [flags] script": ${script}`)
  return { args: words, env }
}
