// esbuild plugins for the Lambda bundles (SST's `nodejs.plugins`, and the bundle test in functions/).
// 1. Workspace modules find their data (migrations, sentiment weights) relative to their own source file; in a
//    bundle that file is gone, so `import.meta.url` in packages/*/src becomes the URL the source would have under
//    the bundle root (LAMBDA_TASK_ROOT on Lambda, else the bundle's own folder), where copyFiles lays the data.
// 2. PGlite (the embedded database) is never used on Lambda: its adapter is replaced by a module that throws, so
//    neither @electric-sql/pglite nor its data files enter the bundle.
// 3. resvg (PNG charts) is a native module built per platform: left out, so PNG answers 503 there and SVG serves.
// 4. The optimisation pool's worker threads boot from packages/queue/src/threads/optimize-worker-boot.mjs, which
//    loads the TypeScript through tsx: when the pool is in the bundle, that path (under the bundle root, see 1)
//    gets a bundle of the worker instead, plain JavaScript with no loader.
// 5. Cold start: what a start parses and runs at module scope is trimmed where the code cannot reach the rest.
//    zod's locale table (`z.locales`, ~40 languages) keeps English only: no code here calls `z.config` with
//    another. hdr-histogram-js is entered at its builder, not its index (log reader/writer, pako, the base64
//    WebAssembly build): packages/metrics builds JavaScript histograms only (`useWebAssembly: false`).
import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const embeddedOnly = /\/packages\/db\/src\/(pglite|pglite-template)\.ts$/
const workerPool = /\/packages\/queue\/src\/threads\/optimize-pool\.ts$/
const zodLocales = /\/node_modules\/zod\/v4\/locales\/index\.js$/
const hdrDist = join(root, 'node_modules/hdr-histogram-js/dist')
const hdrWasm = /\/node_modules\/hdr-histogram-js\/dist\/wasm\/index\.js$/
const workerBoot = 'packages/queue/src/threads/optimize-worker-boot.mjs'

/** The plugin list SST loads (default export). */
export const lambdaBundlePlugins = [
  {
    name: 'supernova-lambda',
    setup(b) {
      b.onResolve({ filter: /^@resvg\/resvg-js$/ }, (args) => ({ path: args.path, external: true }))
      b.onResolve({ filter: /^hdr-histogram-js$/ }, () => ({ path: join(hdrDist, 'HistogramBuilder.js') }))
      b.onLoad({ filter: zodLocales }, () => ({
        contents: "export { default as en } from './en.js'\n",
        loader: 'js',
        resolveDir: join(root, 'node_modules/zod/v4/locales'),
      }))
      b.onLoad({ filter: hdrWasm }, () => ({
        contents: 'exports.webAssemblyAvailable = false\nexports.WasmHistogram = undefined\n',
        loader: 'js',
      }))
      let pooled = false
      b.onLoad({ filter: workerPool }, async (args) => {
        pooled = true
        return { contents: rewrite(await readFile(args.path, 'utf8'), args.path), loader: 'ts' }
      })
      b.onEnd(async (result) => {
        const o = b.initialOptions
        const outdir = o.outdir ?? (o.outfile && dirname(o.outfile))
        if (!pooled || result.errors.length || !outdir || o.write === false) return
        await mkdir(dirname(join(outdir, workerBoot)), { recursive: true })
        await b.esbuild.build({
          entryPoints: [join(root, 'packages/queue/src/threads/optimize-worker.ts')],
          outfile: join(outdir, workerBoot),
          bundle: true,
          format: 'esm',
          platform: 'node',
          target: o.target,
          minify: o.minify,
          mainFields: o.mainFields,
          logLevel: 'error',
        })
      })
      b.onLoad({ filter: embeddedOnly }, () => ({
        contents:
          "const fail = () => { throw new Error('PGlite is not in the Lambda bundle: set DATABASE_URL') }\n" +
          'export const createPgliteDatabase = fail, pgliteInitdb = fail, openPglite = fail, unpackTemplate = fail\n' +
          "export const PGLITE_TEMPLATE = ''\n",
        loader: 'ts',
      }))
      b.onLoad({ filter: /\/packages\/[^/]+\/src\/.*\.ts$/ }, async (args) => ({
        contents: rewrite(await readFile(args.path, 'utf8'), args.path),
        loader: 'ts',
      }))
    },
  },
]

/** `import.meta.url` of a workspace source file -> the URL that file would have under the bundle root. */
function rewrite(text, path) {
  const rel = JSON.stringify(relative(root, path).split('\\').join('/'))
  const base =
    "(process.env.LAMBDA_TASK_ROOT ? 'file://' + process.env.LAMBDA_TASK_ROOT + '/' : import.meta.url)"
  return text.replaceAll('import.meta.url', `new URL(${rel}, ${base}).href`)
}

export default lambdaBundlePlugins
