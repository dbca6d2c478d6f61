import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { npmPostgresPackage } from './binaries.ts'
import {
  aptCommands,
  manualInstallCommand,
  ProvisionError,
  type ProvisionOptions,
  planProvision,
  provision,
} from './provision.ts'

const root = mkdtempSync(join(tmpdir(), 'supernova-provision-test-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let n = 0
let bin: string
let lockFile: string
beforeEach(() => {
  n++
  bin = join(root, `bin-${n}`)
  mkdirSync(bin)
  lockFile = join(root, `lock-${n}`)
})

function fakeBinary(name: string) {
  const p = join(bin, name)
  writeFileSync(p, '#!/bin/sh\nexit 0\n')
  chmodSync(p, 0o755)
}

/** A stand-in for apt-get: records each command and, on `install`, puts the packages' binaries on the path. */
function fakeApt(calls: string[][], provides: Record<string, string[]> = {}): ProvisionOptions['exec'] {
  return async (argv) => {
    calls.push([...argv])
    await new Promise((r) => setTimeout(r, 20)) // let a concurrent run reach the lock
    const at = argv.indexOf('install')
    if (at >= 0)
      for (const pkg of argv.slice(at + 1).filter((a) => !a.startsWith('-')))
        for (const b of provides[pkg] ?? [pkg]) fakeBinary(b)
  }
}

describe('provisioning on a machine that lacks redis-server and chromium (empty search path)', () => {
  it('takes PostgreSQL from npm and plans apt-get for the other two', () => {
    const plan = planProvision([bin], npmPostgresPackage)
    expect(plan.postgres?.source).toBe('npm')
    expect(plan.missing).toEqual(['redis-server', 'chromium'])
  })

  it('as root, installs them with apt-get once and returns their paths', async () => {
    const calls: string[][] = []
    const log: string[] = []
    const tools = await provision({
      searchPath: [bin],
      privilege: () => 'root',
      exec: fakeApt(calls),
      lockFile,
      log: (l) => log.push(l),
    })
    expect(calls).toEqual(aptCommands(['redis-server', 'chromium'], 'root'))
    expect(calls[1]).toEqual([
      'apt-get',
      'install',
      '-y',
      '-q',
      '--no-install-recommends',
      'redis-server',
      'chromium',
    ])
    expect(tools.redisServer).toBe(join(bin, 'redis-server'))
    expect(tools.chromium).toBe(join(bin, 'chromium'))
    expect(tools.postgres.source).toBe('npm')
    expect(log.join('\n')).toContain('installing redis-server chromium with apt-get')
    expect(existsSync(lockFile)).toBe(false)
  })

  it('with passwordless sudo, runs apt-get through sudo -n', async () => {
    const calls: string[][] = []
    await provision({ searchPath: [bin], privilege: () => 'sudo', exec: fakeApt(calls), lockFile })
    expect(calls.map((c) => c.slice(0, 2))).toEqual([
      ['sudo', '-n'],
      ['sudo', '-n'],
    ])
    expect(calls[1]?.slice(-2)).toEqual(['redis-server', 'chromium'])
  })

  it('without root or sudo, stops before installing and prints the exact command', async () => {
    const calls: string[][] = []
    const run = provision({ searchPath: [bin], privilege: () => 'none', exec: fakeApt(calls), lockFile })
    await expect(run).rejects.toBeInstanceOf(ProvisionError)
    await expect(run).rejects.toThrow(
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends redis-server chromium',
    )
    expect(calls).toEqual([])
    expect(manualInstallCommand(['redis-server'])).toBe(
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends redis-server',
    )
  })

  it('adds postgresql to the install when this platform has no npm-shipped PostgreSQL', async () => {
    const calls: string[][] = []
    const tools = await provision({
      searchPath: [bin],
      npmPostgres: () => undefined,
      privilege: () => 'root',
      exec: fakeApt(calls, { postgresql: ['initdb', 'pg_ctl'] }),
      lockFile,
    })
    expect(calls[1]?.slice(-3)).toEqual(['postgresql', 'redis-server', 'chromium'])
    expect(tools.postgres).toEqual({ binDir: bin, source: 'system' })
  })

  it('says so when apt-get succeeds but the binary is still not there', async () => {
    const run = provision({
      searchPath: [bin],
      privilege: () => 'root',
      exec: fakeApt([], { chromium: [] }),
      lockFile,
    })
    await expect(run).rejects.toThrow('still cannot be found')
    await expect(run).rejects.toThrow(/but chromium still/)
  })

  it('reports a failed apt-get with its output and the command to run by hand', async () => {
    const run = provision({
      searchPath: [bin],
      privilege: () => 'root',
      exec: async (argv) => {
        throw new Error(`${argv.join(' ')} exited 100:\nE: Unable to locate package chromium`)
      },
      lockFile,
    })
    await expect(run).rejects.toThrow('Unable to locate package chromium')
    await expect(run).rejects.toThrow('To install by hand, run:')
  })

  it('installs once when two runs start together (the second waits for the lock, then finds everything)', async () => {
    const calls: string[][] = []
    const opts = { searchPath: [bin], privilege: () => 'root' as const, exec: fakeApt(calls), lockFile }
    const [a, b] = await Promise.all([provision(opts), provision(opts)])
    expect(calls.filter((c) => c.includes('install'))).toHaveLength(1)
    expect(a).toEqual(b)
  })

  it('does nothing, and takes no lock, when everything is present', async () => {
    fakeBinary('redis-server')
    fakeBinary('chromium')
    const calls: string[][] = []
    // the lock file's folder does not exist, so taking the lock would throw
    const tools = await provision({
      searchPath: [bin],
      privilege: () => 'none',
      exec: fakeApt(calls),
      lockFile: join(root, 'no-such-folder', 'lock'),
    })
    expect(calls).toEqual([])
    expect(tools.redisServer).toBe(join(bin, 'redis-server'))
  })
})
