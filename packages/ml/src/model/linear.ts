import { readFileSync } from 'node:fs'
import type { SentimentLabel, SentimentResult } from '../port.ts'
import { createFeaturizer, type FeatureConfig, type Featurizer, MAX_FEATURES } from './features.ts'
import {
  decodeHidden,
  encodeHidden,
  type HiddenHeader,
  hiddenBytes,
  hiddenLogits,
  hiddenScratch,
  type QuantizedHidden,
} from './hidden.ts'

/**
 * A multinomial logistic regression over hashed features; weights laid out bucket-major (bucket*K + class). With
 * `hidden`, a small nonlinear head over the same features adds its logits to the linear ones (v6).
 */
export interface LinearModel {
  version: string
  labels: readonly SentimentLabel[]
  features: FeatureConfig
  weights: Float32Array
  bias: Float32Array
  /** Per-bucket IDF multipliers when features.idf is on (stored as uint8 steps above 1). */
  idf?: Float32Array
  /** Embedding-bag + ReLU head whose logits add to the linear model's (absent in files before v6). */
  hidden?: QuantizedHidden
  meta?: Record<string, unknown>
}

/** IDF values lie in [1, ~10]; 255 steps above 1 lose nothing measurable and keep the table at 1 byte a bucket. */
const IDF_STEP = 9 / 255

/** Rounds an IDF table to what the file can hold, so training sees exactly what serving will. */
export function quantizeIdf(idf: Float32Array): Float32Array {
  return idf.map((v) => 1 + Math.min(255, Math.max(0, Math.round((v - 1) / IDF_STEP))) * IDF_STEP)
}

const MAGIC = 0x4d534e53 // "SNSM" little-endian

/**
 * Serialises to a compact binary file: magic, header length, JSON header, then weights quantised to int16 with
 * one scale (the model is linear, so a uniform step of max|w|/32767 costs no measurable accuracy), then the
 * IDF table as uint8 when the features use one, then the hidden layer's int8 table when there is one (its small
 * tensors travel in the header, like the biases).
 */
export function encodeModel(model: LinearModel): Buffer {
  let max = 0
  for (const w of model.weights) max = Math.max(max, Math.abs(w))
  const scale = max > 0 ? max / 32767 : 1
  const hidden = model.hidden ? encodeHidden(model.hidden) : undefined
  const header = Buffer.from(
    JSON.stringify({
      version: model.version,
      labels: model.labels,
      features: model.features,
      scale,
      bias: Array.from(model.bias),
      ...(hidden ? { hidden: hidden.header } : {}),
      meta: model.meta ?? {},
    }),
  )
  const pad = (4 - ((8 + header.length) % 4)) % 4
  const q = new Int16Array(model.weights.length)
  for (let i = 0; i < q.length; i++) q[i] = Math.round(model.weights[i]! / scale)
  const head = Buffer.alloc(8)
  head.writeUInt32LE(MAGIC, 0)
  head.writeUInt32LE(header.length + pad, 4)
  const parts: Buffer[] = [
    head,
    header,
    Buffer.alloc(pad, 32),
    Buffer.from(q.buffer, q.byteOffset, q.byteLength),
  ]
  if (model.idf) {
    const u = new Uint8Array(model.idf.length)
    for (let i = 0; i < u.length; i++)
      u[i] = Math.min(255, Math.max(0, Math.round((model.idf[i]! - 1) / IDF_STEP)))
    parts.push(Buffer.from(u))
  }
  if (hidden) parts.push(hidden.body)
  return Buffer.concat(parts)
}

interface ModelHeader {
  version: string
  labels: SentimentLabel[]
  features: FeatureConfig
  scale: number
  bias: number[]
  hidden?: HiddenHeader
  meta: Record<string, unknown>
}

function readHeader(buf: Uint8Array): { b: Buffer; hlen: number; header: ModelHeader } {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)
  if (b.readUInt32LE(0) !== MAGIC) throw new Error('Not a SuperNova sentiment model file (bad magic).')
  const hlen = b.readUInt32LE(4)
  return { b, hlen, header: JSON.parse(b.subarray(8, 8 + hlen).toString('utf8')) as ModelHeader }
}

/** Parses what encodeModel wrote. */
export function decodeModel(buf: Uint8Array): LinearModel {
  const { b, hlen, header } = readHeader(buf)
  const buckets = 1 << header.features.bits
  const body = b.subarray(8 + hlen, 8 + hlen + buckets * header.labels.length * 2)
  // The file is little-endian, like every platform Node runs on here (x64, arm64): copy the body to an aligned
  // buffer once and read it as an Int16Array, instead of a readInt16LE call per weight (a cold start's cost).
  const q = new Int16Array(new Uint8Array(body).buffer, 0, body.byteLength >> 1)
  const weights = new Float32Array(q.length)
  const scale = header.scale
  for (let i = 0; i < q.length; i++) weights[i] = q[i]! * scale
  const expected = buckets * header.labels.length
  if (weights.length !== expected)
    throw new Error(`Model file truncated: ${weights.length} of ${expected} weights.`)
  let idf: Float32Array | undefined
  let at = 8 + hlen + expected * 2
  if (header.features.idf) {
    const u = b.subarray(at, at + buckets)
    at += buckets
    if (u.length !== buckets) throw new Error(`Model file truncated: ${u.length} of ${buckets} idf entries.`)
    idf = new Float32Array(buckets)
    for (let i = 0; i < buckets; i++) idf[i] = 1 + u[i]! * IDF_STEP
  }
  const hidden = header.hidden
    ? decodeHidden(header.hidden, b.subarray(at, at + hiddenBytes(header.hidden)))
    : undefined
  return {
    idf,
    ...(hidden ? { hidden } : {}),
    version: header.version,
    labels: header.labels,
    features: header.features,
    weights,
    bias: Float32Array.from(header.bias),
    meta: header.meta,
  }
}

/** The model shipped with the project (packages/ml/model/); read from the package, never from ../shared. */
export const SHIPPED_MODEL_URL = new URL('../../model/sentiment-v1.bin', import.meta.url)

let shipped: LinearModel | undefined
let shippedBytes: Buffer | undefined
const shippedFile = () => (shippedBytes ??= readFileSync(SHIPPED_MODEL_URL))

/** Loads (once per process) the shipped weights. */
export function loadShippedModel(): LinearModel {
  shipped ??= decodeModel(shippedFile())
  return shipped
}

/** The shipped model's version, from its header alone: no weights decoded (a Lambda cold start's saving). */
export function shippedModelVersion(): string {
  return shipped?.version ?? readHeader(shippedFile()).header.version
}

/** Whether the model's featurizer must mark character grams (a hidden layer that reads words only). */
export const hiddenReadsWordsOnly = (model: LinearModel) => model.hidden !== undefined && !model.hidden.chars

/** A synchronous scorer bound to one featurizer; reuses its buffers, so keep one per thread of work. */
export interface LinearScorer {
  readonly model: LinearModel
  /** Writes class probabilities (in model.labels order) into `out` and returns the argmax index. */
  probabilities(text: string, out: Float64Array): number
  score(text: string): SentimentResult
}

/**
 * Builds a scorer: one pass over the text's hashed features, K multiply-adds per feature, then the hidden head's
 * `units` multiply-adds per feature it reads (when the model has one), a softmax.
 */
export function createLinearScorer(
  model: LinearModel,
  featurizer: Featurizer = createFeaturizer(model.features, model.idf, hiddenReadsWordsOnly(model)),
): LinearScorer {
  const K = model.labels.length
  const { weights, bias } = model
  const logits = new Float64Array(K)
  const name = `local:${model.version}`
  const iPos = model.labels.indexOf('positive')
  const iNeg = model.labels.indexOf('negative')
  const iNeu = model.labels.indexOf('neutral')
  const probs = new Float64Array(K)
  const hidden = model.hidden
  const scratch = hiddenScratch(hidden?.units ?? 0, hidden ? 2 * MAX_FEATURES : 0)

  const probabilities = (text: string, out: Float64Array): number => {
    const f = featurizer.extract(text)
    for (let c = 0; c < K; c++) logits[c] = bias[c]!
    const { idx, val, count } = f
    if (K === 3) {
      let l0 = logits[0]!
      let l1 = logits[1]!
      let l2 = logits[2]!
      for (let k = 0; k < count; k++) {
        const o = idx[k]! * 3
        const v = val[k]!
        l0 += v * weights[o]!
        l1 += v * weights[o + 1]!
        l2 += v * weights[o + 2]!
      }
      logits[0] = l0
      logits[1] = l1
      logits[2] = l2
    } else {
      for (let k = 0; k < count; k++) {
        const o = idx[k]! * K
        for (let c = 0; c < K; c++) logits[c]! += val[k]! * weights[o + c]!
      }
    }
    if (hidden) hiddenLogits(hidden, idx, val, f.char, count, scratch, logits)
    let max = logits[0]!
    let arg = 0
    for (let c = 1; c < K; c++)
      if (logits[c]! > max) {
        max = logits[c]!
        arg = c
      }
    let sum = 0
    for (let c = 0; c < K; c++) {
      out[c] = Math.exp(logits[c]! - max)
      sum += out[c]!
    }
    for (let c = 0; c < K; c++) out[c]! /= sum
    return arg
  }

  return {
    model,
    probabilities,
    score(text) {
      const arg = probabilities(text, probs)
      const positive = probs[iPos]!
      const negative = probs[iNeg]!
      return {
        label: model.labels[arg]!,
        scores: { positive, negative, neutral: probs[iNeu]! },
        score: positive - negative,
        model: name,
      }
    },
  }
}
