/**
 * `npm run build`: the production bundles into dist/ (dist/<function>/ per Lambda function, dist/server/ for
 * `npm run start:prod`), a size table, and exit 1 when a bundle is over its budget (infra/bundles.ts).
 */
import { join } from 'node:path'
import { BUNDLES, type BundleName, formatBytes, overBudget } from '../infra/bundles.ts'
import { buildBundle, ROOT } from './bundles.ts'

const outRoot = join(ROOT, 'dist')
const sizes: Partial<Record<BundleName, number>> = {}
for (const name of Object.keys(BUNDLES) as BundleName[]) {
  const t0 = performance.now()
  const b = await buildBundle(name, outRoot)
  sizes[name] = b.bytes
  const ms = Math.round(performance.now() - t0)
  console.log(
    `${name.padEnd(9)} loads ${formatBytes(b.bytes).padStart(10)} (budget ${formatBytes(BUNDLES[name].budgetBytes)}), ${formatBytes(b.totalBytes)} in all  ${b.entry.slice(ROOT.length + 1)}  (${ms} ms)`,
  )
}
const over = overBudget(sizes)
for (const line of over) console.error(line)
process.exit(over.length ? 1 : 0)
