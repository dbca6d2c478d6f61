export type { LocalSentiment, LocalSentimentOptions } from './local.ts'
export { localSentiment } from './local.ts'
export type { EndpointBehaviour, LocalEndpoint, LocalEndpointOptions } from './local-endpoint.ts'
export { startLocalEndpoint } from './local-endpoint.ts'
export type { LabelledTexts, SentimentEvaluation } from './model/evaluate.ts'
export {
  evaluateSentiment,
  HEADLINE_EVAL_URL,
  loadHeadlineEvalSet,
  loadTweetSplit,
} from './model/evaluate.ts'
export type { FeatureConfig, Features, Featurizer } from './model/features.ts'
export { createFeaturizer, DEFAULT_FEATURES, hashWord } from './model/features.ts'
export type { HiddenLayer, HiddenTrainOptions, QuantizedHidden } from './model/hidden.ts'
export { hiddenLogitsOf, quantizeHidden, trainHidden } from './model/hidden.ts'
export { CLASS_NAMES, WORD_CLASSES } from './model/lexicon.ts'
export type { LinearModel, LinearScorer } from './model/linear.ts'
export {
  createLinearScorer,
  decodeModel,
  encodeModel,
  loadShippedModel,
  quantizeIdf,
  SHIPPED_MODEL_URL,
} from './model/linear.ts'
export type {
  HiddenPlan,
  OffsetChoice,
  OffsetRule,
  OutOfFold,
  Selection,
  SelectionPlan,
  TrainingRows,
} from './model/select.ts'
export {
  chooseOffsets,
  extrapolationFactor,
  foldAssignment,
  outOfFoldHidden,
  outOfFoldLogits,
  scoreOffsets,
  selectAndTrain,
  selectionKey,
} from './model/select.ts'
export type { TemplateText } from './model/templates.ts'
export { headlineTemplates } from './model/templates.ts'
export type { NbScaling, SparseDataset, TrainOptions } from './model/train.ts'
export { accuracy, inverseDocumentFrequency, toDataset, trainSoftmax } from './model/train.ts'
export type { SentimentLabel, SentimentModel, SentimentResult } from './port.ts'
export { SENTIMENT_LABELS } from './port.ts'
export type {
  SagemakerSentiment,
  SagemakerSentimentOptions,
  SentimentCache,
  SentimentCounters,
  SentimentEvent,
} from './sagemaker.ts'
export { sagemakerSentiment, sentimentCacheKey } from './sagemaker.ts'
export type { IngestItem, SentimentService, SentimentServiceOptions } from './service.ts'
export { sentimentCounterSource, sentimentService } from './service.ts'
export type {
  SentimentInterval,
  SentimentItem,
  SentimentRepository,
  SentimentStats,
} from './store.ts'
export { sentimentRepository, textHash, toSentimentItem } from './store.ts'
export type { TeiPrediction, TeiRequest } from './tei.ts'
export { fromTeiPredictions, toTeiPredictions } from './tei.ts'
export type { TickerOptions } from './tickers.ts'
export { extractTickers } from './tickers.ts'
