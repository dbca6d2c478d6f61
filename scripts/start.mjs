// `npm start`: bundles the server's TypeScript (the workspace packages) with esbuild into one ES module under
// node_modules/.cache, then runs it in this process. Plain node on a bundle holds about 70 MB less than the tsx
// loader (which keeps its own transform caches and source maps for every module); the build takes about a second
// and is redone on every start, so the bundle is never stale. Third-party packages stay external (loaded from
// node_modules as usual); PORT, HOST, SUPERNOVA_DATA_DIR and the rest are read by loadConfig as before.
import { mkdirSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build, stop } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const entry = process.argv[2] ?? 'packages/server/src/main.ts'
const outfile = join(root, 'node_modules', '.cache', 'supernova', `${entry.replace(/[^a-z0-9]+/gi, '-')}.mjs`)
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })

mkdirSync(dirname(outfile), { recursive: true })
await build({
  entryPoints: [join(root, entry)],
  outfile,
  bundle: true,
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
          const text = await readFile(args.path, 'utf8')
          const url = JSON.stringify(pathToFileURL(args.path).href)
          return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' }
        })
      },
    },
  ],
})
await stop()
process.setSourceMapsEnabled(true)
await import(pathToFileURL(outfile).href)
