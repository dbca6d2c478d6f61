/**
 * The sentiment model's SageMaker real-time endpoint (Hugging Face TEI on a GPU, FP16), as plain settings that
 * stacks/ml.ts turns into resources. Why each value: docs/gpu-endpoint.md.
 */
import { isProduction, type Stage } from './settings'

/** The checkpoint TEI serves (labels positive/negative/neutral; packages/ml's adapter maps label names). */
export const SENTIMENT_MODEL_ID = 'ProsusAI/finbert'

/**
 * TEI's SageMaker GPU image. The Hugging Face DLC images live in one AWS account per region; this tag is the
 * one `sagemaker.huggingface.get_huggingface_llm_image_uri('huggingface-tei')` names for us-east-1 (check it
 * there for another region: the account differs). Override with `image` in sentimentEndpointSettings.
 */
export const TEI_IMAGE =
  '683313688378.dkr.ecr.us-east-1.amazonaws.com/tei:2.0.1-tei1.4.0-gpu-py310-cu122-ubuntu22.04'

/** Application Auto Scaling's predefined metric for invocations per instance (per minute). */
export const INVOCATIONS_PER_INSTANCE = 'SageMakerVariantInvocationsPerInstance'

/** GPU instance families SageMaker offers real-time endpoints on (g4dn T4, g5 A10G, g6 L4, p-series). */
const GPU_INSTANCE = /^ml\.(g4dn|g5|g6|g6e|p3|p4d|p5)\.[a-z0-9]+$/

/** Endpoint, variant and autoscaling settings of a stage. */
export function sentimentEndpointSettings(stage: Stage, overrides: { image?: string } = {}) {
  const prod = isProduction(stage)
  return {
    // A GPU instance costs ~$0.80/h idle: production and staging get one, other stages use the CPU model
    // (loadConfig leaves SAGEMAKER_ENDPOINT_NAME unset, so createDeps picks the local model).
    enabled: prod || stage === 'staging',
    image: overrides.image ?? TEI_IMAGE,
    // 1 x NVIDIA L4 (24 GB): BERT-base in FP16 needs under 1 GB; scale out, not up.
    instanceType: 'ml.g6.xlarge',
    variantName: 'primary',
    environment: {
      HF_MODEL_ID: SENTIMENT_MODEL_ID,
      DTYPE: 'float16',
      MAX_CLIENT_BATCH_SIZE: '64',
      MAX_BATCH_TOKENS: '16384',
      MAX_CONCURRENT_REQUESTS: '512',
      AUTO_TRUNCATE: 'true',
    },
    // The weights download from the Hub at start; a GPU container can take minutes to answer /ping.
    startupHealthCheckSeconds: 600,
    autoscaling: {
      minCapacity: 1,
      maxCapacity: prod ? 4 : 1,
      metric: INVOCATIONS_PER_INSTANCE,
      // Invocations per instance per minute. One invocation carries up to 32 texts (client micro-batching);
      // an L4 classifies thousands of headlines a second, so 600/min (10/s) leaves ample headroom per instance.
      targetValue: 600,
      // A new GPU instance takes minutes to come up: scale out promptly, scale in slowly.
      scaleOutCooldownSeconds: 60,
      scaleInCooldownSeconds: 300,
      // Scale-in stays enabled (never below minCapacity); true would hold peak capacity until changed by hand.
      disableScaleIn: false,
    },
  }
}

/** The settings' type (stacks/ml.ts). */
export type SentimentEndpointSettings = ReturnType<typeof sentimentEndpointSettings>

/** True when the instance type has a GPU (TEI's GPU image needs one; Serverless Inference has none). */
export const isGpuInstance = (instanceType: string) => GPU_INSTANCE.test(instanceType)

/** The only statement the API and worker roles get for the model: invoke this one endpoint. */
export function invokeEndpointPermission<R>(endpointArn: R) {
  return { actions: ['sagemaker:InvokeEndpoint'], resources: [endpointArn] }
}

/** Application Auto Scaling's resource id for a variant. */
export const variantResourceId = (endpointName: string, variantName: string) =>
  `endpoint/${endpointName}/variant/${variantName}`

/** The ECR repository ARN of an image URI (`<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>`). */
export function ecrRepositoryArn(image: string): string {
  const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)/.exec(image)
  if (!m) throw new Error(`not an ECR image URI: ${image}`)
  return `arn:aws:ecr:${m[2]}:${m[1]}:repository/${m[3]}`
}

/**
 * What the model's execution role may do: pull the TEI image (from its repository only; the token call has
 * no resource), write its logs and metrics. The Hub download needs no AWS permission; weights in S3 would add
 * s3:GetObject on that prefix.
 */
export function modelExecutionStatements(image: string) {
  return [
    { actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
    { actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], resources: [ecrRepositoryArn(image)] },
    {
      actions: [
        'logs:CreateLogGroup',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'logs:DescribeLogStreams',
      ],
      resources: ['arn:aws:logs:*:*:log-group:/aws/sagemaker/*'],
    },
    // PutMetricData takes no resource; SageMaker's own metrics go to AWS/SageMaker.
    { actions: ['cloudwatch:PutMetricData'], resources: ['*'] },
  ]
}
