import { describeSentimentModel } from '@supernova/testing'
import { localSentiment } from './local.ts'
import { startLocalEndpoint } from './local-endpoint.ts'
import { sagemakerSentiment } from './sagemaker.ts'

describeSentimentModel('local model', async () => ({ model: localSentiment() }))

describeSentimentModel('SageMaker adapter (real AWS client, local SageMaker-protocol endpoint)', async () => {
  const endpoint = await startLocalEndpoint()
  const model = sagemakerSentiment({
    endpointName: 'finsent-contract',
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    // a failure must show here, not be answered by the local fallback
    fallback: false,
    maxBatchSize: 32,
  })
  return { model, cleanup: () => endpoint.close() }
})
