import { join } from 'node:path'
import { channels as serverChannels } from '@supernova/realtime'
import { build } from 'esbuild'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type {
  AlertFiringPayload,
  PerformanceAlertPayload,
  TaskChangePayload,
  TickPayload,
} from './channels.ts'
import { channels } from './channels.ts'

describe('@supernova/client in a browser bundle', () => {
  it('bundles for the browser with no Node built-ins, and loads the Ably SDK only in its own chunk', async () => {
    const result = await build({
      entryPoints: [join(import.meta.dirname, '../index.ts')],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      outdir: 'out',
      write: false,
      metafile: true,
      logLevel: 'silent',
    })
    expect(result.errors).toEqual([])
    const outputs = Object.entries(result.metafile.outputs)
    const entry = outputs.find(([, o]) => o.entryPoint)!
    const ablyChunks = outputs.filter(([, o]) =>
      Object.keys(o.inputs).some((i) => i.includes('node_modules/ably/')),
    )
    const node = outputs.flatMap(([, o]) => o.imports.filter((i) => i.path.startsWith('node:') || i.external))
    expect(node).toEqual([])
    expect(Object.keys(entry[1].inputs).filter((i) => i.includes('node_modules/ably/'))).toEqual([])
    expect(ablyChunks.length).toBeGreaterThan(0)
  }, 60_000)
})

describe('payload types match what the server publishes', () => {
  it('builds the same channel names as the server', () => {
    expect([
      channels.ticks('AAPL'),
      channels.task('task_1'),
      channels.alerts('alice'),
      channels.performance,
    ]).toEqual([
      serverChannels.ticks('AAPL'),
      serverChannels.task('task_1'),
      serverChannels.alerts('alice'),
      serverChannels.performance,
    ])
    // checked by the type checker: a change to a published shape breaks `npm run typecheck` here
    expectTypeOf<import('@supernova/runtime').TickMessage>().toEqualTypeOf<TickPayload>()
    expectTypeOf<import('@supernova/queue').TaskChange>().toEqualTypeOf<TaskChangePayload>()
    expectTypeOf<import('@supernova/api').FiringMessage>().toEqualTypeOf<AlertFiringPayload>()
    expectTypeOf<import('@supernova/metrics').AlertEvent>().toEqualTypeOf<PerformanceAlertPayload>()
  })
})
