/**
 * Accuracy and per-class recall of a sentiment model on the formal-headline set (packages/ml/eval/headlines.csv)
 * and the tweets' validation split. Last line is JSON.
 *   npx tsx scripts/eval-sentiment.ts [--model path/to/weights.bin] [--errors]
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  createLinearScorer,
  decodeModel,
  evaluateSentiment,
  loadHeadlineEvalSet,
  loadShippedModel,
  loadTweetSplit,
  SENTIMENT_LABELS,
  type SentimentEvaluation,
} from '@supernova/ml'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const arg = (name: string) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const file = arg('--model')
const model = file ? decodeModel(readFileSync(file)) : loadShippedModel()
const scorer = createLinearScorer(model)
const headlines = loadHeadlineEvalSet()
const tweets = loadTweetSplit(
  pathToFileURL(
    join(arg('--data') ?? join(root, '..', 'shared', 'data', 'twitter-financial-news'), 'sent_valid.csv'),
  ),
)
const results = {
  headlines: evaluateSentiment(scorer, headlines),
  tweetsValid: evaluateSentiment(scorer, tweets),
}

const f = (x: number) => x.toFixed(3)
const row = (name: string, e: SentimentEvaluation) =>
  `| ${name} | ${e.n} | ${f(e.accuracy)} | ${f(e.recall.negative)} | ${f(e.recall.positive)} | ${f(e.recall.neutral)} |`
console.log(`model ${model.version} (${file ?? 'shipped'})`)
console.log('| set | n | accuracy | recall negative | recall positive | recall neutral |')
console.log('| --- | --- | --- | --- | --- | --- |')
console.log(row('formal headlines', results.headlines))
console.log(row('tweets (sent_valid)', results.tweetsValid))
if (process.argv.includes('--errors')) {
  const probs = new Float64Array(3)
  headlines.texts.forEach((t, i) => {
    const p = scorer.probabilities(t, probs)
    if (p !== headlines.labels[i])
      console.log(`${SENTIMENT_LABELS[headlines.labels[i]!]} -> ${SENTIMENT_LABELS[p]}: ${t}`)
  })
}
const round = (e: SentimentEvaluation) => ({
  n: e.n,
  accuracy: Number(e.accuracy.toFixed(4)),
  recall: Object.fromEntries(Object.entries(e.recall).map(([k, v]) => [k, Number(v.toFixed(4))])),
})
console.log(
  JSON.stringify({
    model: model.version,
    headlines: round(results.headlines),
    tweetsValid: round(results.tweetsValid),
  }),
)
