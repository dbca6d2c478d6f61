// `npm start`: bundles the server's TypeScript (the workspace packages) with esbuild into one ES module under
// node_modules/.cache, then runs it in this process. Plain node on a bundle holds about 70 MB less than the tsx
// loader (which keeps its own transform caches and source maps for every module); the build takes about a second
// and is redone on every start, so the bundle is never stale. Third-party packages stay external (loaded from
// node_modules as usual); PORT, HOST, SUPERNOVA_DATA_DIR and the rest are read by loadConfig as before.
// With WEB_CONCURRENCY > 1 the bundle's primary forks workers that run this script again: they reuse the primary's
// bundle (a rebuild would delete chunks the other processes are still loading).
// package.json's start script runs this with these memory settings (measured by `npm run bench -- memory`, about
// 40 MB less resident when idle, the same requests per second under its load):
// - `--v8-pool-size=2`: V8's helper threads for concurrent GC and compilation (node's default is 4); each keeps
//   its own compiler zones and malloc arena, and the server has 1-2 cores' worth of work for them;
// - `MALLOC_ARENA_MAX=1`: glibc otherwise gives each thread (V8's, libuv's, PGlite's, the compute pool's) an arena
//   of its own, which keeps what the thread freed (at 2 the second arena still held about 30 MB 2 s after start);
//   the threads' small allocations go through glibc's per-thread caches, so one arena costs no measured time;
// - `MALLOC_MMAP_THRESHOLD_` and `MALLOC_TRIM_THRESHOLD_` at 128 KiB: glibc's defaults, fixed. Left dynamic,
//   freeing one large block (compiler zones, response buffers) raises both up to 32 / 64 MB, and from then on
//   large blocks live in the heap and what is freed at its top is not given back.
// Together about 25 MB less resident 2 s after listening (medians of 4-5 starts), the same warm request times.
// Tests, benchmarks and the load suite start the server through the same script (startCommand in packages/testing).
import cluster from 'node:cluster'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build, stop } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const entry = process.argv[2] ?? 'packages/server/src/main.ts'
const outdir = join(root, 'node_modules', '.cache', 'supernova', entry.replace(/[^a-z0-9]+/gi, '-'))
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
// Worker threads (PGlite's, the compute pool's) run their own entries of this bundle rather than their sources
// through the TypeScript loader, which holds a loader thread and its caches in every worker: [boot URL in the
// source, placeholder, the bundled entry's URL]
const THREADS = [
  ["new URL('./pglite-thread-boot.mjs', import.meta.url)", '__SN_PGLITE_THREAD__', 'pglite-thread'],
  ["new URL('./optimize-worker-boot.mjs', import.meta.url)", '__SN_COMPUTE_WORKER__', 'compute-worker'],
].map(([boot, id, name]) => [boot, id, `new URL('./${name}.mjs', import.meta.url)`])

if (cluster.isPrimary) {
  rmSync(outdir, { recursive: true, force: true })
  mkdirSync(outdir, { recursive: true })
  await build({
    entryPoints: {
      main: join(root, entry),
      'pglite-thread': join(root, 'packages/db/src/pglite-thread.ts'),
      'compute-worker': join(root, 'packages/queue/src/threads/optimize-worker.ts'),
    },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Dynamic imports stay chunks of their own, so a driver createDeps did not choose (pg, Neon + ws, PGlite) is
    // never loaded: without splitting, esbuild hoists every external import of a lazy module to the bundle's top.
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    // Every package in package.json (and its subpaths) stays a plain import from node_modules.
    external: external.flatMap((name) => [name, `${name}/*`]),
    plugins: [
      {
        // Modules find their data (migrations, the sentiment model) relative to their own source file.
        name: 'source-import-meta-url',
        setup(b) {
          b.onLoad({ filter: /\/packages\/[^/]+\/src\/.*\.ts$/ }, async (args) => {
            let text = await readFile(args.path, 'utf8')
            const url = JSON.stringify(pathToFileURL(args.path).href)
            for (const [boot, id] of THREADS) text = text.replace(boot, id)
            text = text.replaceAll('import.meta.url', url)
            for (const [, id, bundled] of THREADS) text = text.replace(id, bundled)
            return { contents: text, loader: 'ts' }
          })
        },
      },
    ],
  })
  await stop()
}
process.setSourceMapsEnabled(true)
await import(pathToFileURL(join(outdir, 'main.mjs')).href)
