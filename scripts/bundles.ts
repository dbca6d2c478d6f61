/**
 * The production bundles `npm run build` makes (scripts/build.ts), the bundle test and the cold-start bench
 * share: one folder per Lambda function laid out as SST deploys it (the handler's file under functions/, the
 * files the code reads copied beside it, the root being LAMBDA_TASK_ROOT), and the Node server.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Metafile } from 'esbuild'
import { BUNDLES, type BundleName, LAMBDA_TARGET, SERVER_TARGET } from '../infra/bundles.ts'
import lambdaBundlePlugins from '../infra/lambda-bundle.mjs'
import { bundleFiles, nodejsBundle } from '../infra/settings.ts'

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

/** What one build produced. */
export interface BuiltBundle {
  name: BundleName
  /** The bundle root (LAMBDA_TASK_ROOT for a function). */
  dir: string
  /** The file to import (a function's handler module) or run (the server). */
  entry: string
  /**
   * Bytes of JavaScript a start loads: the entry and the chunks it imports statically (the budget's measure).
   * Lazily imported chunks (drivers createDeps did not pick, AWS credential providers) are not read.
   */
  bytes: number
  /** Every .mjs file in the bundle (deployment size), without source maps and data files. */
  totalBytes: number
  /** Source files and packages that went in. */
  inputs: string[]
}

// SST's banner: bundled CommonJS packages call `require`, which an ES module lacks.
const requireShim =
  "import { createRequire as topLevelCreateRequire } from 'module';const require = topLevelCreateRequire(import.meta.url);"

/** Bundles one Lambda function as SST does (ESM, splitting, minified, source maps, our plugins). */
export async function buildLambda(name: BundleName, outRoot: string): Promise<BuiltBundle> {
  const b = BUNDLES[name]
  if (b.kind !== 'lambda') throw new Error(`${name} is not a Lambda bundle`)
  const dir = join(outRoot, name)
  rmSync(dir, { recursive: true, force: true })
  const out = b.handler.replace(/\.[a-zA-Z]+$/, '') // functions/api.handler -> functions/api
  const result = await build({
    entryPoints: { [out]: join(ROOT, b.source) },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: nodejsBundle.splitting,
    format: nodejsBundle.format,
    minify: nodejsBundle.minify,
    sourcemap: nodejsBundle.sourcemap,
    mainFields: nodejsBundle.esbuild.mainFields,
    platform: 'node',
    target: LAMBDA_TARGET,
    metafile: true,
    absWorkingDir: ROOT,
    logLevel: 'error',
    plugins: lambdaBundlePlugins,
    banner: { js: requireShim },
  })
  for (const f of bundleFiles) {
    mkdirSync(dirname(join(dir, f.to)), { recursive: true })
    cpSync(join(ROOT, f.from), join(dir, f.to), { recursive: true })
  }
  const entry = join(dir, `${out}.mjs`)
  return {
    name,
    dir,
    entry,
    bytes: initBytes(result.metafile, entry),
    totalBytes: jsBytes(dir),
    inputs: inputsOf(result.metafile),
  }
}

/**
 * Bundles the Node server (packages/server/src/main.ts) into dist/server: workspace code inside, packages from
 * node_modules; data files are read from the repository (the bundle stays inside it), and the optimisation
 * pool's threads load a bundled worker rather than booting TypeScript through tsx.
 */
export async function buildServer(outRoot: string): Promise<BuiltBundle> {
  const b = BUNDLES.server
  const dir = join(outRoot, 'server')
  rmSync(dir, { recursive: true, force: true })
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<
    string,
    Record<string, string>
  >
  const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
  const result = await build({
    entryPoints: {
      main: join(ROOT, b.source),
      'optimize-worker': join(ROOT, 'packages/queue/src/threads/optimize-worker.ts'),
    },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Dynamic imports stay chunks, so a driver createDeps did not choose is never loaded.
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: SERVER_TARGET,
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    absWorkingDir: ROOT,
    logLevel: 'error',
    external: external.flatMap((n) => [n, `${n}/*`]),
    plugins: [
      {
        name: 'server-paths',
        setup(build) {
          build.onLoad({ filter: /\/packages\/[^/]+\/src\/.*\.ts$/ }, async (args) => {
            let text = await readFile(args.path, 'utf8')
            // Every entry and chunk sits in the bundle's root, so its own URL finds the bundled worker there.
            text = text.replace("new URL('./optimize-worker-boot.mjs', import.meta.url)", '__SN_WORKER_URL__')
            // Sources find their data relative to themselves: the same file, reached from the bundle's folder.
            const rel = JSON.stringify(relative(dir, args.path).split('\\').join('/'))
            text = text.replaceAll('import.meta.url', `new URL(${rel}, import.meta.url).href`)
            text = text.replace('__SN_WORKER_URL__', "new URL('./optimize-worker.mjs', import.meta.url)")
            return { contents: text, loader: 'ts' }
          })
        },
      },
    ],
  })
  const entry = join(dir, 'main.mjs')
  return {
    name: 'server',
    dir,
    entry,
    bytes: initBytes(result.metafile, entry),
    totalBytes: jsBytes(dir),
    inputs: inputsOf(result.metafile),
  }
}

/** Builds one bundle by name. */
export const buildBundle = (name: BundleName, outRoot: string) =>
  name === 'server' ? buildServer(outRoot) : buildLambda(name, outRoot)

/** Sums the .mjs files under a folder (code Lambda loads; maps and copied data excluded). */
function jsBytes(dir: string): number {
  let n = 0
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile() && e.name.endsWith('.mjs')) n += statSync(join(e.parentPath, e.name)).size
  }
  return n
}

const inputsOf = (m: Metafile) => Object.keys(m.inputs)

/** The entry's output and every output it reaches through static imports (metafile paths are ROOT-relative). */
function initBytes(m: Metafile, entry: string): number {
  const seen = new Set<string>()
  const visit = (path: string) => {
    const o = m.outputs[path]
    if (!o || seen.has(path)) return
    seen.add(path)
    for (const i of o.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path)
  }
  visit(relative(ROOT, entry).split('\\').join('/'))
  if (!seen.size) throw new Error(`no output for ${entry} in the metafile`)
  return [...seen].reduce((n, p) => n + m.outputs[p]!.bytes, 0)
}
