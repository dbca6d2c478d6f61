// Run by loaded-drivers.int.test.ts in a child process: builds the deps for the environment given as JSON in
// argv[2], then closes them. The preloaded recorder lists which modules that loaded.
import { createDeps, loadConfig } from '../src/index.ts'

const runtime = await createDeps(loadConfig(JSON.parse(process.argv[2] ?? '{}') as Record<string, string>))
console.log(JSON.stringify({ shape: runtime.config.shape, database: runtime.adapters.database }))
await runtime.close()
