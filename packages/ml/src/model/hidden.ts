import { mulberry32 } from '@supernova/core'
import type { SparseDataset } from './train.ts'

/**
 * A small nonlinear head over the same hashed features, added to the linear model's logits: an embedding bag
 * (each active bucket's row, times its feature value, summed), a ReLU, then a 3-way output. The linear model
 * reads each feature on its own; this layer reads combinations ("cuts" with "dividend", "beat" without "miss").
 * The embedding table has 2^bits rows (the feature's bucket, low bits), `units` columns.
 */
export interface HiddenLayer {
  bits: number
  units: number
  /** Whether character grams feed the layer (off: words, phrases, classes and shapes only, ~4x fewer rows). */
  chars: boolean
  emb: Float32Array
  b1: Float32Array
  /** Output weights, unit-major (unit*K + class). */
  w2: Float32Array
  b2: Float32Array
}

/**
 * What a model file holds and a scorer reads: the rows some training text used (the others are zero and not
 * stored), each as int8 with one float32 step (max|row|/127). Rows differ in size by orders of magnitude (frequent
 * words against rare ones), so a per-row step keeps each row's error under half a step of its own.
 */
export interface QuantizedHidden {
  bits: number
  /** A multiple of 8 (the forward pass reads 8 units at a time). */
  units: number
  chars: boolean
  /** Per table row (2^bits): its index among the stored rows, or -1 (a zero row). */
  index: Int32Array
  /** Per stored row: the int8 step. */
  scale: Float32Array
  /** Stored rows x units. */
  q: Int8Array
  b1: Float32Array
  w2: Float32Array
  b2: Float32Array
}

const K = 3
const BLOCK = 8

/** Rounds a trained layer to what the file holds (so selection scores exactly what serving will). */
export function quantizeHidden(layer: HiddenLayer): QuantizedHidden {
  const rows = 1 << layer.bits
  const U = layer.units
  if (U % BLOCK !== 0) throw new Error(`hidden units must be a multiple of ${BLOCK}, got ${U}`)
  const index = new Int32Array(rows).fill(-1)
  const steps: number[] = []
  for (let r = 0; r < rows; r++) {
    let max = 0
    for (let j = 0; j < U; j++) max = Math.max(max, Math.abs(layer.emb[r * U + j]!))
    if (max === 0) continue
    index[r] = steps.length
    steps.push(max / 127)
  }
  const scale = Float32Array.from(steps)
  const q = new Int8Array(steps.length * U)
  for (let r = 0; r < rows; r++) {
    const p = index[r]!
    if (p < 0) continue
    for (let j = 0; j < U; j++) q[p * U + j] = Math.round(layer.emb[r * U + j]! / scale[p]!)
  }
  return {
    bits: layer.bits,
    units: U,
    chars: layer.chars,
    index,
    scale,
    q,
    b1: Float32Array.from(layer.b1),
    w2: Float32Array.from(layer.w2),
    b2: Float32Array.from(layer.b2),
  }
}

/**
 * Adds the layer's logits for one text's features (`idx`, `val` up to `count`; `char` marks the character grams,
 * needed when the layer skips them) into `logits`. `rows` and `vals` are scratch of at least `count` entries. The sum runs 8 units at a time over the text's rows, held in
 * locals: about 3x faster in V8 than a loop that updates a units-long array per feature.
 */
export function hiddenLogits(
  layer: QuantizedHidden,
  idx: Int32Array,
  val: Float32Array,
  char: Uint8Array | undefined,
  count: number,
  scratch: { h: Float64Array; rows: Int32Array; vals: Float64Array },
  logits: Float64Array,
): void {
  const U = layer.units
  const mask = (1 << layer.bits) - 1
  const { index, q, scale, b1, w2, b2 } = layer
  const { h, rows, vals } = scratch
  let n = 0
  const skip = !layer.chars
  if (skip && !char) throw new Error('this hidden layer reads words only: featurize with markChars')
  for (let k = 0; k < count; k++) {
    if (skip && char![k] === 1) continue
    const p = index[idx[k]! & mask]!
    if (p < 0) continue
    rows[n] = p * U
    vals[n] = val[k]! * scale[p]!
    n++
  }
  for (let j = 0; j < U; j += BLOCK) {
    let h0 = b1[j]!
    let h1 = b1[j + 1]!
    let h2 = b1[j + 2]!
    let h3 = b1[j + 3]!
    let h4 = b1[j + 4]!
    let h5 = b1[j + 5]!
    let h6 = b1[j + 6]!
    let h7 = b1[j + 7]!
    for (let k = 0; k < n; k++) {
      const o = rows[k]! + j
      const v = vals[k]!
      h0 += v * q[o]!
      h1 += v * q[o + 1]!
      h2 += v * q[o + 2]!
      h3 += v * q[o + 3]!
      h4 += v * q[o + 4]!
      h5 += v * q[o + 5]!
      h6 += v * q[o + 6]!
      h7 += v * q[o + 7]!
    }
    h[j] = h0
    h[j + 1] = h1
    h[j + 2] = h2
    h[j + 3] = h3
    h[j + 4] = h4
    h[j + 5] = h5
    h[j + 6] = h6
    h[j + 7] = h7
  }
  let l0 = logits[0]! + b2[0]!
  let l1 = logits[1]! + b2[1]!
  let l2 = logits[2]! + b2[2]!
  for (let j = 0; j < U; j++) {
    const a = h[j]!
    if (a <= 0) continue
    l0 += a * w2[j * K]!
    l1 += a * w2[j * K + 1]!
    l2 += a * w2[j * K + 2]!
  }
  logits[0] = l0
  logits[1] = l1
  logits[2] = l2
}

/** Scratch buffers for `hiddenLogits` (one set per scorer). */
export const hiddenScratch = (units: number, maxFeatures: number) => ({
  h: new Float64Array(units),
  rows: new Int32Array(maxFeatures),
  vals: new Float64Array(maxFeatures),
})

/** Logits of every row of `data` under the layer alone (row-major, K per row). */
export function hiddenLogitsOf(layer: QuantizedHidden, data: SparseDataset): Float64Array {
  const out = new Float64Array(data.rows * K)
  let longest = 0
  for (let r = 0; r < data.rows; r++) longest = Math.max(longest, data.rowPtr[r + 1]! - data.rowPtr[r]!)
  const scratch = hiddenScratch(layer.units, longest)
  const l = new Float64Array(K)
  for (let r = 0; r < data.rows; r++) {
    const a = data.rowPtr[r]!
    const char = data.char?.subarray(a)
    l.fill(0)
    hiddenLogits(layer, data.idx.subarray(a), data.val.subarray(a), char, data.rowPtr[r + 1]! - a, scratch, l)
    out.set(l, r * K)
  }
  return out
}

/** Header fields of a layer in the model file (the small tensors travel as JSON, the table in the body). */
export interface HiddenHeader {
  bits: number
  units: number
  chars: boolean
  /** Stored (nonzero) rows. */
  rows: number
  b1: number[]
  w2: number[]
  b2: number[]
}

/**
 * The file's form: the small tensors for the header; the body is a bitmap of the stored rows (2^bits bits), their
 * float32 steps, then their int8 values, in row order.
 */
export function encodeHidden(layer: QuantizedHidden): { header: HiddenHeader; body: Buffer } {
  const table = 1 << layer.bits
  const bitmap = new Uint8Array(Math.ceil(table / 8))
  for (let r = 0; r < table; r++) if (layer.index[r]! >= 0) bitmap[r >> 3]! |= 1 << (r & 7)
  return {
    header: {
      bits: layer.bits,
      units: layer.units,
      chars: layer.chars,
      rows: layer.scale.length,
      b1: Array.from(layer.b1),
      w2: Array.from(layer.w2),
      b2: Array.from(layer.b2),
    },
    body: Buffer.concat([
      bitmap,
      Buffer.from(layer.scale.buffer, layer.scale.byteOffset, layer.scale.byteLength),
      Buffer.from(layer.q.buffer, layer.q.byteOffset, layer.q.byteLength),
    ]),
  }
}

/** Bytes `encodeHidden` writes for a layer of this shape. */
export const hiddenBytes = (h: { bits: number; units: number; rows: number }) =>
  Math.ceil((1 << h.bits) / 8) + h.rows * (4 + h.units)

/** Parses what `encodeHidden` wrote (`body` exactly `hiddenBytes(header)` long). */
export function decodeHidden(header: HiddenHeader, body: Uint8Array): QuantizedHidden {
  const table = 1 << header.bits
  const U = header.units
  if (body.byteLength !== hiddenBytes(header))
    throw new Error(
      `Model file truncated: hidden layer has ${body.byteLength} of ${hiddenBytes(header)} bytes.`,
    )
  if (U % BLOCK !== 0) throw new Error(`hidden units must be a multiple of ${BLOCK}`)
  const mapBytes = Math.ceil(table / 8)
  const index = new Int32Array(table).fill(-1)
  let p = 0
  for (let r = 0; r < table; r++) if (body[r >> 3]! & (1 << (r & 7))) index[r] = p++
  if (p !== header.rows)
    throw new Error(`Model file corrupt: ${p} hidden rows marked, ${header.rows} stored.`)
  const copy = new Uint8Array(body.subarray(mapBytes)) // aligned for the float32 view
  return {
    bits: header.bits,
    units: U,
    chars: header.chars,
    index,
    scale: new Float32Array(copy.buffer, 0, p),
    q: new Int8Array(copy.buffer, p * 4, p * U),
    b1: Float32Array.from(header.b1),
    w2: Float32Array.from(header.w2),
    b2: Float32Array.from(header.b2),
  }
}

export interface HiddenTrainOptions {
  bits: number
  units: number
  chars: boolean
  epochs: number
  /** Adam step size. */
  lr: number
  /** Decoupled weight decay per step on the rows a batch touches and on the output weights (AdamW). */
  decay: number
  batch: number
  seed: number
  /**
   * Table rows that fewer than this many training rows use stay zero (default 1: every used row learns): a bucket
   * seen once is mostly that row's label, and leaving it out keeps the stored table small (rows at zero are not
   * stored).
   */
  minCount?: number
  /** Chance that a training row's feature is left out of one step (inverted dropout over the bag); default 0. */
  dropout?: number
  /** Called after each epoch (1-based) with the layer as it stands: out-of-fold scoring picks the epoch count. */
  onEpoch?: (epoch: number, layer: HiddenLayer) => void
}

/**
 * Fits the layer by minibatch Adam on the weighted cross-entropy (row weights as in the linear fit), lazily: only
 * the embedding rows a batch touches are updated. The table starts at zero, so a bucket no training row used adds
 * nothing at serving time; random output weights break the symmetry between units. Seeded, so repeatable.
 */
export function trainHidden(data: SparseDataset, o: HiddenTrainOptions): HiddenLayer {
  const U = o.units
  const rows = 1 << o.bits
  const mask = rows - 1
  const rnd = mulberry32(o.seed)
  const layer: HiddenLayer = {
    bits: o.bits,
    units: U,
    chars: o.chars,
    emb: new Float32Array(rows * U),
    b1: new Float32Array(U).fill(0.1),
    w2: Float32Array.from({ length: U * K }, () => (rnd() * 2 - 1) * Math.sqrt(6 / (U + K))),
    b2: new Float32Array(K),
  }
  const { emb, b1, w2, b2 } = layer
  // Adam moments: dense for the small tensors, per row of the table (lazy) for the embeddings.
  const mE = new Float32Array(rows * U)
  const vE = new Float32Array(rows * U)
  const gE = new Float32Array(rows * U)
  const touched = new Int32Array(rows).fill(-1)
  const list: number[] = []
  const small = [b1, w2, b2]
  const gS = small.map((t) => new Float64Array(t.length))
  const mS = small.map((t) => new Float64Array(t.length))
  const vS = small.map((t) => new Float64Array(t.length))
  const [gb1, gw2, gb2] = gS as [Float64Array, Float64Array, Float64Array]
  const b1m = 0.9
  const b2m = 0.999
  const eps = 1e-8
  const h = new Float64Array(U)
  const dh = new Float64Array(U)
  const p = new Float64Array(K)
  if (!o.chars && !data.char)
    throw new Error('a words-only hidden layer needs rows featurized with markChars')
  const char = data.char ?? new Uint8Array(data.idx.length)
  const order = Array.from({ length: data.rows }, (_, i) => i)
  const drop = o.dropout ?? 0
  const keep = new Float32Array(data.idx.length)
  // rows that fewer than minCount training rows read (character grams count only when the layer reads them) are
  // never read nor trained: their entries get keep 0
  const uses = new Int32Array(rows)
  const lastRow = new Int32Array(rows).fill(-1)
  for (let r = 0; r < data.rows; r++)
    for (let k = data.rowPtr[r]!; k < data.rowPtr[r + 1]!; k++) {
      if (!o.chars && char[k] === 1) continue
      const row = data.idx[k]! & mask
      if (lastRow[row] !== r) {
        lastRow[row] = r
        uses[row]!++
      }
    }
  const minCount = o.minCount ?? 1
  let step = 0
  let stamp = 0
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1))
      ;[order[i], order[j]] = [order[j]!, order[i]!]
    }
    for (let start = 0; start < order.length; start += o.batch) {
      const end = Math.min(order.length, start + o.batch)
      stamp++
      list.length = 0
      for (const g of gS) g.fill(0)
      for (let bi = start; bi < end; bi++) {
        const r = order[bi]!
        const a = data.rowPtr[r]!
        const b = data.rowPtr[r + 1]!
        for (let j = 0; j < U; j++) h[j] = b1[j]!
        for (let k = a; k < b; k++)
          keep[k] =
            uses[data.idx[k]! & mask]! < minCount ? 0 : drop > 0 ? (rnd() < drop ? 0 : 1 / (1 - drop)) : 1
        for (let k = a; k < b; k++) {
          if ((!o.chars && char[k] === 1) || keep[k] === 0) continue
          const row = data.idx[k]! & mask
          const off = row * U
          const v = data.val[k]! * keep[k]!
          for (let j = 0; j < U; j++) h[j]! += v * emb[off + j]!
        }
        let max = -Infinity
        for (let c = 0; c < K; c++) {
          let l = b2[c]!
          for (let j = 0; j < U; j++) if (h[j]! > 0) l += h[j]! * w2[j * K + c]!
          p[c] = l
          if (l > max) max = l
        }
        let sum = 0
        for (let c = 0; c < K; c++) {
          p[c] = Math.exp(p[c]! - max)
          sum += p[c]!
        }
        const y = data.labels[r]!
        const wr = (data.weights ? data.weights[r]! : 1) / (end - start)
        for (let c = 0; c < K; c++) {
          p[c] = (p[c]! / sum - (c === y ? 1 : 0)) * wr
          gb2[c]! += p[c]!
        }
        for (let j = 0; j < U; j++) {
          if (h[j]! <= 0) {
            dh[j] = 0
            continue
          }
          let d = 0
          for (let c = 0; c < K; c++) {
            gw2[j * K + c]! += h[j]! * p[c]!
            d += w2[j * K + c]! * p[c]!
          }
          dh[j] = d
          gb1[j]! += d
        }
        for (let k = a; k < b; k++) {
          if ((!o.chars && char[k] === 1) || keep[k] === 0) continue
          const row = data.idx[k]! & mask
          if (touched[row] !== stamp) {
            touched[row] = stamp
            list.push(row)
          }
          const off = row * U
          const v = data.val[k]! * keep[k]!
          for (let j = 0; j < U; j++) gE[off + j]! += v * dh[j]!
        }
      }
      step++
      const lr = (o.lr * Math.sqrt(1 - b2m ** step)) / (1 - b1m ** step)
      for (const row of list) {
        const off = row * U
        for (let j = off; j < off + U; j++) {
          const g = gE[j]!
          gE[j] = 0
          mE[j] = b1m * mE[j]! + (1 - b1m) * g
          vE[j] = b2m * vE[j]! + (1 - b2m) * g * g
          emb[j] = emb[j]! * (1 - o.lr * o.decay) - (lr * mE[j]!) / (Math.sqrt(vE[j]!) + eps)
        }
      }
      small.forEach((t, s) => {
        const g = gS[s]!
        const m = mS[s]!
        const v = vS[s]!
        const decay = t === w2 ? 1 - o.lr * o.decay : 1
        for (let i = 0; i < t.length; i++) {
          m[i] = b1m * m[i]! + (1 - b1m) * g[i]!
          v[i] = b2m * v[i]! + (1 - b2m) * g[i]! * g[i]!
          t[i] = t[i]! * decay - (lr * m[i]!) / (Math.sqrt(v[i]!) + eps)
        }
      })
    }
    o.onEpoch?.(epoch, layer)
  }
  return layer
}
