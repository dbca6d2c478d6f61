import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

// A package boundary is its entry point: other code imports `@supernova/x` (declared in package.json), never a
// file inside another package. This scans the import statements of every source file, so it stays cheap.
const root = resolve(import.meta.dirname, '../../..')
const packages = readdirSync(join(root, 'packages')).filter((p) =>
  existsSync(join(root, 'packages', p, 'package.json')),
)
const IMPORT =
  /^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm

function sources(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules' || name.startsWith('.')) return []
    if (statSync(path).isDirectory()) return sources(path)
    return /\.(?:ts|mts|mjs)$/.test(name) ? [path] : []
  })
}

const imports = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => (m[1] ?? m[2] ?? m[3])!)

/** The package a path lies in, or undefined outside packages/. */
const packageOf = (path: string): string | undefined => {
  const rel = relative(join(root, 'packages'), path)
  return rel.startsWith('..') ? undefined : rel.split(sep)[0]
}

const files = ['packages', 'bench', 'functions', 'scripts', 'load', 'stacks', 'infra'].flatMap((d) =>
  sources(join(root, d)),
)

describe('package boundaries', () => {
  it('every package has one entry point, src/index.ts, named in its exports', () => {
    for (const p of packages) {
      const manifest = JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8'))
      expect(manifest.name, p).toBe(`@supernova/${p}`)
      expect(manifest.exports, p).toEqual({ '.': './src/index.ts' })
      if (existsSync(join(root, 'packages', p, 'src')))
        expect(existsSync(join(root, 'packages', p, 'src', 'index.ts')), `${p}/src/index.ts`).toBe(true)
    }
  })

  it('no import reaches into another package (no deep @supernova/x/... and no ../ across packages)', () => {
    const deep: string[] = []
    for (const file of files) {
      const from = packageOf(file)
      for (const spec of imports(file)) {
        if (/^@supernova\/[^/]+\//.test(spec)) deep.push(`${relative(root, file)}: ${spec}`)
        if (!spec.startsWith('.')) continue
        const target = resolve(dirname(file), spec)
        const to = packageOf(target)
        if (to !== undefined && to !== from) deep.push(`${relative(root, file)}: ${spec}`)
      }
    }
    expect(deep).toEqual([])
  })

  it("every @supernova import is declared in the importing package's package.json", () => {
    const missing: string[] = []
    for (const p of packages) {
      const manifest = JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8'))
      const deps = Object.keys(manifest.dependencies ?? {})
      const dev = [...deps, ...Object.keys(manifest.devDependencies ?? {})]
      for (const file of sources(join(root, 'packages', p, 'src'))) {
        const allowed = file.endsWith('.test.ts') ? dev : deps
        for (const spec of imports(file)) {
          const name = /^@supernova\/[^/]+/.exec(spec)?.[0]
          if (name && name !== `@supernova/${p}` && !allowed.includes(name))
            missing.push(`${relative(root, file)}: ${name}`)
        }
      }
    }
    expect(missing).toEqual([])
  })
})
