import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { startCommand } from './start-command.ts'

const withStart = (start: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'sn-start-'))
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ scripts: { start } }))
  return dir
}

describe('startCommand', () => {
  it('splits variables, node flags and the script', () => {
    expect(startCommand(withStart('A_B=2 C=x=y node --flag=1 scripts/start.mjs'))).toEqual({
      env: { A_B: '2', C: 'x=y' },
      args: ['--flag=1', 'scripts/start.mjs'],
    })
  })

  it('reads a script that execs node through env (no shell left between npm and node)', () => {
    expect(startCommand(withStart('exec env A=1 node --f scripts/start.mjs'))).toEqual({
      env: { A: '1' },
      args: ['--f', 'scripts/start.mjs'],
    })
  })

  it('refuses a start script that does not run node', () => {
    expect(() => startCommand(withStart('tsx main.ts'))).toThrow(/should be/)
  })

  it("reads this repository's start script: the bundling entry, with the memory settings", () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
    const start = startCommand(root)
    expect(start.args.at(-1)).toBe('scripts/start.mjs')
    expect(start.args).toContain('--v8-pool-size=2')
    expect(start.env).toEqual({
      MALLOC_ARENA_MAX: '1',
      MALLOC_MMAP_THRESHOLD_: '131072',
      MALLOC_TRIM_THRESHOLD_: '131072',
    })
  })
})
