import { afinn165FinancialMarketNews } from 'afinn-165-financialmarketnews'
import { CLASS_NAMES, DIRECTION_SIGN, METRIC_SIGN, WORD_CLASSES } from './lexicon.ts'

/** Knobs of the hashed feature extractor; stored in the weights file so training and serving always agree. */
export interface FeatureConfig {
  /** log2 of the number of hash buckets. */
  bits: number
  charMin: number
  charMax: number
  /** Group weights: how loud each kind of feature is before L2 normalisation. */
  wWord: number
  wBigram: number
  wChar: number
  wClass: number
  wShape: number
  /** Tokens after a negator that are marked negated (a clause boundary ends the scope sooner). */
  negScope: number
  /** Window (in tokens) inside which two word classes form a phrase feature. */
  pairWindow: number
  /**
   * Metric x direction features: an amount word (sales, costs, debt, jobs) meets the first direction word after
   * it in the clause ("costs fell"), or a direction word up to this many tokens before it ("cuts net debt").
   * 0 or absent turns them off (models trained before they existed).
   */
  metricWindow?: number
  /** Scale each bucket by its inverse document frequency (table learned in training, shipped with the weights). */
  idf?: boolean
  /**
   * Weight of the valence features: a word in the AFINN-165 financial-market-news list adds its rating (-5..5)
   * and its sign as shared features (negated ones apart), so rated words the tweets never showed still count.
   * 0 or absent turns them off (models trained before they existed).
   */
  wLex?: number
  /** Weight of word trigrams (this word and the two before it); 0 or absent turns them off (older model files). */
  wTrigram?: number
}

export const DEFAULT_FEATURES: FeatureConfig = {
  bits: 18,
  charMin: 3,
  charMax: 5,
  wWord: 1,
  wBigram: 1,
  wChar: 0.15,
  wClass: 1,
  wShape: 1,
  negScope: 3,
  pairWindow: 3,
  metricWindow: 4,
  wLex: 1,
}

/** Extracted features of one text: bucket indices and values (already L2-normalised), valid up to `count`. */
export interface Features {
  readonly idx: Int32Array
  readonly val: Float32Array
  count: number
  /** 1 where the feature is a character gram; only from a featurizer made with `markChars` (the hidden layer's). */
  readonly char?: Uint8Array
}

/** A reusable extractor: `extract` overwrites the same typed arrays, so scoring allocates nothing per token. */
export interface Featurizer {
  readonly config: FeatureConfig
  extract(text: string): Features
}

/** The most features one text yields (longer texts are cut there). */
export const MAX_FEATURES = 8192
const MAX_TOKEN = 40

/** murmur3 finaliser: spreads FNV's weak low bits before masking to the bucket count. */
const fmix = (h: number): number => {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
const FNV = 0x811c9dc5
const fnvStep = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193)

/** FNV-1a of a JS string (used for lexicon words at start-up, and by tests). */
export function hashWord(s: string): number {
  let h = FNV
  for (let i = 0; i < s.length; i++) h = fnvStep(h, s.charCodeAt(i))
  return h >>> 0
}

// Seeds keep feature kinds apart in the shared bucket space.
const S_WORD = 0x1b873593
const S_NEG = 0x5bd1e995
const S_BIGRAM = 0x27d4eb2f
const S_CHAR = 0x165667b1
const S_CLASS = 0x2545f491
const S_PAIR = 0x3c6ef372
const S_SHAPE = 0x68e31da4
const S_METRIC = 0x7a3c15e1
const S_LEX = 0x4cf5ad43
const S_TRIGRAM = 0x61c88647
const H_START = 0x9747b28c
const H_CASHTAG = hashWord('$<cashtag>')
const H_MENTION = hashWord('@<mention>')
const H_NEGATOR = hashWord('<negator>') ^ S_CLASS
const H_PCT = [
  hashWord('<pct+>') ^ S_SHAPE,
  hashWord('<pct->') ^ S_SHAPE,
  hashWord('<pct>') ^ S_SHAPE,
] as const
const NEGATOR = 0

const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7)
const isDigit = (c: number) => c >= 48 && c <= 57
const lower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c === 0x2019 || c === 0x2018 ? 39 : c)
/** Punctuation that ends a clause: negation scope and phrase windows stop there. */
const isClauseEnd = (c: number) =>
  c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 124 || c === 0x2026

/** A word's class id + 1 in the low 16 bits, its valence rating + 8 above them (0: none), so one lookup serves both. */
const NO_VALENCE = 8

/**
 * Builds an extractor for a config; the lexicon map is built once here, not per text. With `markChars` it also
 * marks which features are character grams (`Features.char`), for a hidden layer that reads words only; without
 * it the per-feature path is the linear model's own (no flag written).
 */
export function createFeaturizer(
  config: FeatureConfig = DEFAULT_FEATURES,
  idf?: Float32Array,
  markChars = false,
): Featurizer {
  const mask = (1 << config.bits) - 1
  const idx = new Int32Array(MAX_FEATURES)
  const val = new Float32Array(MAX_FEATURES)
  const chr = markChars ? new Uint8Array(MAX_FEATURES) : undefined
  const out: Features = { idx, val, count: 0, ...(chr ? { char: chr } : {}) }
  const tok = new Uint16Array(MAX_TOKEN + 2)
  const wordInfo = new Map<number, number>()
  CLASS_NAMES.forEach((name, id) => {
    for (const w of WORD_CLASSES[name].split(' '))
      if (!wordInfo.has(hashWord(w))) wordInfo.set(hashWord(w), id + 1)
  })
  const wLex = config.wLex ?? 0
  // single-word ratings only: phrases and hyphenated entries never match one token
  if (wLex > 0)
    for (const w in afinn165FinancialMarketNews) {
      const v = afinn165FinancialMarketNews[w]!
      let h = FNV
      let plain = v !== 0
      for (let i = 0; plain && i < w.length; i++) {
        const c = w.charCodeAt(i)
        plain = (c >= 97 && c <= 122) || c === 39
        h = fnvStep(h, c)
      }
      if (!plain) continue
      h >>>= 0
      wordInfo.set(h, ((v + NO_VALENCE) << 16) | ((wordInfo.get(h) ?? 0) & 0xffff))
    }
  // Sign tables by class id (word classes, then the three percentage classes <pct+>, <pct->, <pct>).
  const metricSign = new Int8Array(CLASS_NAMES.length + 3)
  const dirSign = new Int8Array(CLASS_NAMES.length + 3)
  CLASS_NAMES.forEach((name, id) => {
    metricSign[id] = METRIC_SIGN[name] ?? 0
    dirSign[id] = DIRECTION_SIGN[name] ?? 0
  })
  dirSign[CLASS_NAMES.length] = 1
  dirSign[CLASS_NAMES.length + 1] = -1
  const metricWindow = config.metricWindow ?? 0
  const wTri = config.wTrigram ?? 0
  // The open metric (waiting for its direction) and the open direction (waiting for its object) of the clause.
  let mCls = -1
  let mNeg = false
  let dCls = -1
  let dPos = 0
  let dNeg = false
  // Ring of recent word classes with their token positions, for phrase features.
  const ringCls = new Int32Array(8)
  const ringPos = new Int32Array(8)
  let ringLen = 0
  let n = 0
  let sumSq = 0
  let isChar = 0

  if (idf && idf.length !== mask + 1)
    throw new Error(`idf table has ${idf.length} entries, expected ${mask + 1}.`)
  const plainPush = (h: number, v: number) => {
    if (n >= MAX_FEATURES) return
    const b = fmix(h) & mask
    idx[n] = b
    if (idf) v *= idf[b]!
    val[n] = v
    sumSq += v * v
    n++
  }
  const markedPush = (h: number, v: number) => {
    if (n < MAX_FEATURES) chr![n] = isChar
    plainPush(h, v)
  }
  // chosen once per featurizer, so each call site sees one function
  const push = chr ? markedPush : plainPush

  const charGrams = (len: number) => {
    // '<' word '>' so prefixes and suffixes (e.g. "-ed", "down") get their own grams.
    const total = len + 2
    const { charMin, charMax, wChar } = config
    isChar = 1
    for (let s = 0; s + charMin <= total; s++) {
      let h = fnvStep(FNV ^ S_CHAR, s === 0 ? 60 : tok[s - 1]!)
      const maxN = Math.min(charMax, total - s)
      for (let k = 1; k < maxN; k++) {
        const p = s + k
        h = fnvStep(h, p === total - 1 ? 62 : tok[p - 1]!)
        if (k + 1 >= charMin) push(h, wChar)
      }
    }
    isChar = 0
  }

  const extract = (text: string): Features => {
    n = 0
    sumSq = 0
    ringLen = 0
    mCls = -1
    dCls = -1
    let prev = H_START
    let prev2 = H_START
    let negLeft = 0
    let pos = 0
    const L = text.length
    let i = 0
    while (i < L) {
      const c0 = lower(text.charCodeAt(i))
      if (!(isAlpha(c0) || isDigit(c0) || c0 === 36 || c0 === 64 || c0 === 35)) {
        if (isClauseEnd(c0)) {
          negLeft = 0
          ringLen = 0
          mCls = -1
          dCls = -1
        }
        i++
        continue
      }
      // Links carry no sentiment and their random ids would only add noise.
      if (c0 === 104 && text.startsWith('http', i)) {
        while (i < L && text.charCodeAt(i) > 32) i++
        continue
      }
      if (c0 === 64) {
        i++
        while (
          i < L &&
          (isAlpha(lower(text.charCodeAt(i))) || isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 95)
        )
          i++
        push(H_MENTION ^ S_WORD, config.wShape)
        prev2 = prev
        prev = H_MENTION
        continue
      }
      if (c0 === 35) i++ // hashtag: the word itself matters
      const before = i > 0 ? text.charCodeAt(i - 1) : 32
      const sign = before === 43 ? 1 : before === 45 || before === 0x2212 ? -1 : 0
      let len = 0
      let digits = 0
      let dollar = false
      let pct = false
      if (text.charCodeAt(i) === 36) {
        dollar = true
        i++
      }
      while (i < L) {
        const c = lower(text.charCodeAt(i))
        if (isAlpha(c)) {
          // letters join the token
        } else if (isDigit(c)) digits++
        else if (c === 39 || c === 38) {
          // apostrophes and ampersands join words (don't, S&P); anything else ends the token
          if (!(i + 1 < L && isAlpha(lower(text.charCodeAt(i + 1))))) break
        } else if ((c === 46 || c === 44) && digits > 0 && i + 1 < L && isDigit(text.charCodeAt(i + 1))) {
          // decimal point or thousands separator inside a number
        } else if (c === 37 && digits > 0) {
          pct = true
          i++
          break
        } else break
        if (len < MAX_TOKEN) tok[len++] = c
        i++
      }
      if (len === 0) continue
      // possessive 's adds nothing
      if (len > 2 && tok[len - 1] === 115 && tok[len - 2] === 39) len -= 2
      const negated = negLeft > 0
      if (dollar && digits === 0) {
        push(H_CASHTAG ^ S_WORD, config.wShape)
        prev2 = prev
        prev = H_CASHTAG
        pos++
        if (negLeft > 0) negLeft--
        continue
      }
      if (digits > 0) {
        // Numbers become shapes ("$0.0m", "0%", "q0"); a signed percentage is a direction cue.
        let h = FNV ^ S_SHAPE
        if (dollar) h = fnvStep(h, 36)
        let lastDigit = false
        for (let k = 0; k < len; k++) {
          const c = tok[k]!
          const d = isDigit(c)
          if (d && lastDigit) continue
          h = fnvStep(h, d ? 48 : c)
          lastDigit = d
        }
        if (pct) h = fnvStep(h, 37)
        push(h, config.wShape)
        let cls = -1
        if (pct) {
          const which = sign > 0 ? 0 : sign < 0 ? 1 : 2
          push(H_PCT[which], config.wShape)
          cls = CLASS_NAMES.length + which
        }
        push(Math.imul(prev, 0x9e3779b1) ^ h ^ S_BIGRAM, config.wBigram)
        if (wTri > 0) push(Math.imul(prev2, 0x85ebca77) ^ Math.imul(prev, 0x9e3779b1) ^ h ^ S_TRIGRAM, wTri)
        prev2 = prev
        prev = h
        if (cls >= 0) addClass(cls, negated, pos)
        pos++
        if (negLeft > 0) negLeft--
        continue
      }
      let wh = FNV
      for (let k = 0; k < len; k++) wh = fnvStep(wh, tok[k]!)
      wh >>>= 0
      const info = wordInfo.get(wh) ?? 0
      let cls = (info & 0xffff) - 1
      // any other "...n't" word is a negator too
      if (cls < 0 && len > 3 && tok[len - 1] === 116 && tok[len - 2] === 39 && tok[len - 3] === 110)
        cls = NEGATOR
      push(negated ? wh ^ S_NEG : wh ^ S_WORD, config.wWord)
      if (info > 0xffff) {
        const v = (info >>> 16) - NO_VALENCE
        const neg = negated ? S_NEG : 0
        push(Math.imul(v + 6, 0x1f3d5b79) ^ neg ^ S_LEX, wLex)
        push(Math.imul(v > 0 ? 1 : 2, 0x2a9f4e13) ^ neg ^ S_LEX, wLex)
      }
      push(Math.imul(prev, 0x9e3779b1) ^ wh ^ S_BIGRAM, config.wBigram)
      if (wTri > 0) push(Math.imul(prev2, 0x85ebca77) ^ Math.imul(prev, 0x9e3779b1) ^ wh ^ S_TRIGRAM, wTri)
      if (len >= 2) charGrams(len)
      prev2 = prev
      prev = wh
      if (cls === NEGATOR) {
        negLeft = config.negScope
        push(H_NEGATOR, config.wClass)
      } else {
        if (cls >= 0) addClass(cls, negated, pos)
        if (negLeft > 0) negLeft--
      }
      pos++
    }
    const norm = sumSq > 0 ? 1 / Math.sqrt(sumSq) : 0
    for (let k = 0; k < n; k++) val[k]! *= norm
    out.count = n
    return out
  }

  function addClass(cls: number, negated: boolean, pos: number) {
    push(Math.imul(cls + 1, 0x2f0b3c5d) ^ (negated ? S_NEG : 0) ^ S_CLASS, config.wClass)
    for (let r = 0; r < ringLen; r++) {
      if (pos - ringPos[r]! <= config.pairWindow && ringCls[r] !== cls)
        push(Math.imul(ringCls[r]! + 1, 0x7feb352d) ^ Math.imul(cls + 1, 0x846ca68b) ^ S_PAIR, config.wClass)
    }
    if (ringLen === ringCls.length) {
      ringCls.copyWithin(0, 1)
      ringPos.copyWithin(0, 1)
      ringLen--
    }
    ringCls[ringLen] = cls
    ringPos[ringLen] = pos
    ringLen++
    if (metricWindow > 0) metricDirection(cls, negated, pos)
  }

  function metricDirection(cls: number, negated: boolean, pos: number) {
    const ms = metricSign[cls]!
    const ds = dirSign[cls]!
    if (ms !== 0) {
      if (dCls >= 0 && pos - dPos <= metricWindow) {
        emitMetric(cls, dCls, ms * dirSign[dCls]!, negated || dNeg)
        dCls = -1
      } else {
        mCls = cls
        mNeg = negated
      }
    } else if (ds !== 0) {
      if (mCls >= 0) {
        emitMetric(mCls, cls, metricSign[mCls]! * ds, negated || mNeg)
        mCls = -1
      } else {
        dCls = cls
        dPos = pos
        dNeg = negated
      }
    }
  }

  /** One feature for the signed change (pooled over all metrics) and one for this metric and direction. */
  function emitMetric(metric: number, dir: number, sign: number, negated: boolean) {
    const neg = negated ? S_NEG : 0
    push(Math.imul(sign > 0 ? 1 : 2, 0x2c1b3c6d) ^ neg ^ S_METRIC, config.wClass)
    push(Math.imul(metric + 1, 0x297a2d39) ^ Math.imul(dir + 1, 0x6b43a9b5) ^ neg ^ S_METRIC, config.wClass)
  }

  return { config, extract }
}
