// esbuild plugins for the Lambda bundles (SST's `nodejs.plugins`, and the bundle test in functions/).
// 1. Workspace modules find their data (migrations, sentiment weights) relative to their own source file; in a
//    bundle that file is gone, so `import.meta.url` in packages/*/src becomes the URL the source would have under
//    the bundle root (LAMBDA_TASK_ROOT on Lambda, else the bundle's own folder), where copyFiles lays the data.
// 2. PGlite (the embedded database) is never used on Lambda: its adapter is replaced by a module that throws, so
//    neither @electric-sql/pglite nor its data files enter the bundle.
// 3. resvg (PNG charts) is a native module built per platform: left out, so PNG answers 503 there and SVG serves.
import { readFile } from 'node:fs/promises'
import { relative, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const embeddedOnly = /\/packages\/db\/src\/(pglite|pglite-template)\.ts$/

/** The plugin list SST loads (default export). */
export const lambdaBundlePlugins = [
  {
    name: 'supernova-lambda',
    setup(b) {
      b.onResolve({ filter: /^@resvg\/resvg-js$/ }, (args) => ({ path: args.path, external: true }))
      b.onLoad({ filter: embeddedOnly }, () => ({
        contents:
          "const fail = () => { throw new Error('PGlite is not in the Lambda bundle: set DATABASE_URL') }\n" +
          'export const createPgliteDatabase = fail, pgliteInitdb = fail, openPglite = fail, unpackTemplate = fail\n' +
          "export const PGLITE_TEMPLATE = ''\n",
        loader: 'ts',
      }))
      b.onLoad({ filter: /\/packages\/[^/]+\/src\/.*\.ts$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8')
        const rel = JSON.stringify(relative(root, args.path).split('\\').join('/'))
        const base =
          "(process.env.LAMBDA_TASK_ROOT ? 'file://' + process.env.LAMBDA_TASK_ROOT + '/' : import.meta.url)"
        return { contents: text.replaceAll('import.meta.url', `new URL(${rel}, ${base}).href`), loader: 'ts' }
      })
    },
  },
]

export default lambdaBundlePlugins
