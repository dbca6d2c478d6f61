/**
 * Resource settings computed in plain TypeScript so they can be unit-tested here (the SST CLI needs the
 * internet to run); stacks/ turns them into SST components.
 */
export type Stage = 'dev' | 'staging' | 'production' | (string & {})

export const isProduction = (stage: Stage) => stage === 'production'

/** Lambda settings of the API function: Node 22 (the code also runs on 20 for local use), arm64, streaming URL. */
export function apiFunctionSettings(stage: Stage) {
  const prod = isProduction(stage)
  return {
    handler: 'functions/api.handler',
    runtime: 'nodejs22.x' as const,
    architecture: 'arm64' as const,
    memory: prod ? ('1769 MB' as const) : ('1024 MB' as const), // 1769 MB = one full vCPU
    timeout: '30 seconds' as const,
    url: { cors: { allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['*'] } },
    streaming: true,
    environment: {
      NODE_ENV: 'production',
      SEED_SAMPLE_DATA: prod ? 'false' : 'true',
      POWERTOOLS_SERVICE_NAME: 'supernova-api',
      POWERTOOLS_METRICS_NAMESPACE: 'SuperNova',
    },
    provisionedConcurrency: prod ? 2 : 0,
  }
}

/** Environment that points the adapters at the managed services; secrets come from SST secrets at deploy time. */
export function serviceEnvironment(values: {
  databaseUrl: string
  upstashUrl?: string
  upstashToken?: string
  sagemakerEndpoint?: string
  region: string
}): Record<string, string> {
  const env: Record<string, string> = { DATABASE_URL: values.databaseUrl, AWS_REGION: values.region }
  if (values.upstashUrl && values.upstashToken) {
    env.UPSTASH_REDIS_REST_URL = values.upstashUrl
    env.UPSTASH_REDIS_REST_TOKEN = values.upstashToken
  }
  if (values.sagemakerEndpoint) env.SAGEMAKER_ENDPOINT_NAME = values.sagemakerEndpoint
  return env
}
