/**
 * Sentiment: (0) the shipped model's accuracy and per-class recall on the formal-headline set and the tweets'
 * validation split (not a timing; printed so the speed and the quality travel together); (1) local model
 * texts/s on news headlines against the 100k/s target; (2) 1,000 concurrent
 * single-text requests through the real SageMaker runtime client against the local endpoint (its own process),
 * with and without client micro-batching: throughput, p50, p99 and their ratios. Run twice: a CPU endpoint as is,
 * and one that adds a fixed 5 ms per invocation like a GPU forward pass.
 *   npm run bench -- sentiment [--baseline other-weights.bin] [--local-only]
 * `--baseline` also times another weights file in the same process, alternating runs, and reports the ratio
 * (e.g. the previous model: `git show HEAD~1:packages/ml/model/sentiment-v1.bin > /tmp/prev.bin`);
 * `--local-only` skips the endpoint scenarios.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  createLinearScorer,
  decodeModel,
  evaluateSentiment,
  type LinearModel,
  loadHeadlineEvalSet,
  loadShippedModel,
  loadTweetSplit,
  type SentimentEvaluation,
  sagemakerSentiment,
} from '@supernova/ml'
import { freePort, sharedDataPath } from '@supernova/testing'
import { medians, opsPerSec, report, round } from './lib.ts'

const REPEATS = 5
const REQUESTS = 1000

const SUBJECTS = [
  'Apple',
  'Tesla',
  'JPMorgan',
  'Exxon',
  'Pfizer',
  'Boeing',
  'Netflix',
  'Intel',
  'Ford',
  'Nike',
]
const PREDICATES = [
  'beats estimates and raises full-year guidance',
  'shares plunge 12% after weak forecast',
  'to present at investor conference next week',
  'cuts dividend as losses widen',
  'upgraded to buy at Goldman Sachs',
  'misses revenue estimates, stock falls 4%',
  'announces new chief financial officer',
  'wins regulatory approval for merger',
  'reports record quarterly profit',
  'warns of slowing demand in China',
]
/** 100 distinct headline-style texts (tickers, numbers, phrases), as the model sees in production. */
const HEADLINES = SUBJECTS.flatMap((s) => PREDICATES.map((p) => `${s} ${p}`))

const argValue = (name: string) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const baselineFile = argValue('--baseline')

/**
 * Texts/s of the shipped model and, when given, a baseline model, in alternating runs (drift hits both): wall
 * clock, and per second of this process's CPU time (what one uncontended core would do; on a machine shared with
 * other jobs the wall figure mostly measures the queue for a core).
 */
async function localThroughput(baseline?: LinearModel) {
  const scorers = [
    createLinearScorer(loadShippedModel()),
    ...(baseline ? [createLinearScorer(baseline)] : []),
  ]
  const probs = new Float64Array(3)
  let i = 0
  const runs = scorers.map(() => [] as { textsPerSec: number; textsPerCpuSec: number }[])
  for (const s of scorers)
    await opsPerSec(() => s.probabilities(HEADLINES[i++ % HEADLINES.length]!, probs), 300)
  for (let r = 0; r < REPEATS; r++)
    for (const [k, s] of scorers.entries()) {
      const textsPerSec = await opsPerSec(
        () => s.probabilities(HEADLINES[i++ % HEADLINES.length]!, probs),
        600,
      )
      const n = 100_000
      const cpu0 = process.cpuUsage()
      for (let j = 0; j < n; j++) s.probabilities(HEADLINES[i++ % HEADLINES.length]!, probs)
      const cpu = process.cpuUsage(cpu0)
      runs[k]!.push({ textsPerSec, textsPerCpuSec: n / ((cpu.user + cpu.system) / 1e6) })
    }
  return { shipped: medians(runs[0]!), baseline: runs[1] ? medians(runs[1]) : undefined }
}

async function startEndpoint(delayMs: number): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort()
  const script = fileURLToPath(new URL('../packages/ml/src/local-endpoint.ts', import.meta.url))
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, '--port', String(port), '--delay-ms', String(delayMs)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  await once(child.stdout!, 'data')
  return { url: `http://127.0.0.1:${port}`, child }
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!

async function concurrentRun(url: string, batching: boolean, round: number) {
  const sm = sagemakerSentiment({
    endpointName: 'finsent-bench',
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    cache: false, // every request must reach the endpoint
    fallback: false, // a failure must show, not be hidden by the local model
    timeoutMs: 30_000,
    ...(batching
      ? { maxBatchSize: 32, maxWaitMs: 2, maxInFlight: 4 }
      : { maxBatchSize: 1, maxWaitMs: 0, maxInFlight: 50 }), // 50 = the SDK's default socket pool
  })
  await Promise.all(HEADLINES.slice(0, 20).map((h) => sm.score([h]))) // connect + JIT
  const warmInvocations = sm.counters.invocations
  const lat: number[] = new Array(REQUESTS)
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: REQUESTS }, async (_, i) => {
      const s = performance.now()
      await sm.score([`${HEADLINES[i % HEADLINES.length]} (${round}.${i})`])
      lat[i] = performance.now() - s
    }),
  )
  const wall = performance.now() - t0
  const invocations = sm.counters.invocations
  await sm.close()
  lat.sort((a, b) => a - b)
  return {
    requestsPerSec: (REQUESTS * 1000) / wall,
    p50Ms: pct(lat, 0.5),
    p99Ms: pct(lat, 0.99),
    invocations: invocations - warmInvocations,
  }
}

async function endpointScenario(delayMs: number) {
  const { url, child } = await startEndpoint(delayMs)
  try {
    const batched: Awaited<ReturnType<typeof concurrentRun>>[] = []
    const single: Awaited<ReturnType<typeof concurrentRun>>[] = []
    for (let r = 0; r < REPEATS; r++) {
      // alternate so drift on a shared machine hits both alike
      single.push(await concurrentRun(url, false, r))
      batched.push(await concurrentRun(url, true, r))
    }
    return { batched: medians(batched), unbatched: medians(single) }
  } finally {
    child.kill('SIGTERM')
    await once(child, 'exit')
  }
}

function quality() {
  const scorer = createLinearScorer(loadShippedModel())
  const tweets = loadTweetSplit(sharedDataPath('twitter-financial-news', 'sent_valid.csv'))
  const row = (e: SentimentEvaluation) => ({
    accuracy: round(e.accuracy, 4),
    recallNegative: round(e.recall.negative, 4),
    recallPositive: round(e.recall.positive, 4),
    recallNeutral: round(e.recall.neutral, 4),
  })
  return {
    headlines: row(evaluateSentiment(scorer, loadHeadlineEvalSet())),
    tweetsValid: row(evaluateSentiment(scorer, tweets)),
  }
}

const accuracy = quality()
const minRecall = (e: ReturnType<typeof quality>['headlines']) =>
  Math.min(e.recallNegative, e.recallPositive, e.recallNeutral)
const { shipped: local, baseline } = await localThroughput(
  baselineFile ? decodeModel(readFileSync(baselineFile)) : undefined,
)
const localOnly = process.argv.includes('--local-only')
const cpu = localOnly ? undefined : await endpointScenario(0)
const gpu = localOnly ? undefined : await endpointScenario(5)
const r3 = (o: Record<string, number>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v, 3)]))

report({
  name: 'sentiment',
  accuracy,
  medians: {
    localModel: r3(local),
    ...(baseline ? { baselineModel: r3(baseline) } : {}),
    ...(cpu && gpu
      ? {
          cpuEndpointBatched: r3(cpu.batched),
          cpuEndpointUnbatched: r3(cpu.unbatched),
          gpuLikeEndpointBatched: r3(gpu.batched),
          gpuLikeEndpointUnbatched: r3(gpu.unbatched),
        }
      : {}),
  },
  ratios: {
    localTextsPerSecVsTarget100k: round(local.textsPerSec / 100_000, 3),
    localTextsPerCpuSecVsTarget100k: round(local.textsPerCpuSec / 100_000, 3),
    ...(baseline
      ? {
          localTextsPerSecVsBaseline: round(local.textsPerSec / baseline.textsPerSec, 3),
          localTextsPerCpuSecVsBaseline: round(local.textsPerCpuSec / baseline.textsPerCpuSec, 3),
        }
      : {}),
    headlineAccuracyVsGoal085: round(accuracy.headlines.accuracy / 0.85, 3),
    tweetsAccuracyVsGoal0855: round(accuracy.tweetsValid.accuracy / 0.855, 3),
    // the smallest per-class recall of each set against issue 11's floor of 0.75
    headlineMinRecallVsGoal075: round(minRecall(accuracy.headlines) / 0.75, 3),
    tweetsMinRecallVsGoal075: round(minRecall(accuracy.tweetsValid) / 0.75, 3),
    ...(cpu && gpu
      ? {
          cpuBatchedThroughputVsUnbatched: round(
            cpu.batched.requestsPerSec / cpu.unbatched.requestsPerSec,
            3,
          ),
          cpuUnbatchedP99VsBatched: round(cpu.unbatched.p99Ms / cpu.batched.p99Ms, 3),
          gpuLikeBatchedThroughputVsUnbatched: round(
            gpu.batched.requestsPerSec / gpu.unbatched.requestsPerSec,
            3,
          ),
          gpuLikeUnbatchedP99VsBatched: round(gpu.unbatched.p99Ms / gpu.batched.p99Ms, 3),
        }
      : {}),
  },
  settings: {
    requests: REQUESTS,
    repeats: REPEATS,
    baseline: baselineFile ?? null,
    batched: { maxBatchSize: 32, maxWaitMs: 2, maxInFlight: 4 },
    unbatched: { maxBatchSize: 1, maxInFlight: 50 },
    gpuLikeDelayMsPerInvocation: 5,
  },
})
