// Worker entry of the PGlite worker adapter in plain JavaScript: registers the TypeScript loader in this thread,
// then loads the thread's code (as packages/queue's compute workers do).
import { register } from 'tsx/esm/api'

register()
await import('./pglite-thread.ts')
