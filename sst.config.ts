/// <reference path="./.sst/platform/config.d.ts" />
// SST app: `npx sst deploy --stage production` (needs AWS credentials and internet). Offline, `npm run
// typecheck:infra` installs the platform types and type-checks this file, stacks/ and infra/.
export default $config({
  app(input) {
    return {
      name: 'supernova',
      removal: input?.stage === 'production' ? 'retain' : 'remove',
      protect: input?.stage === 'production',
      home: 'aws',
    }
  },
  async run() {
    const { serviceEnvironment, withoutEmpty, PRIORITIES } = await import('./infra/settings')
    const { invokeEndpointPermission } = await import('./infra/ml')
    const { secretsStack } = await import('./stacks/secrets')
    const { mlStack } = await import('./stacks/ml')
    const { queuesStack, queueEnvironment } = await import('./stacks/queues')
    const { apiStack } = await import('./stacks/api')
    const { migrateStack } = await import('./stacks/migrate')
    const { edgeStack } = await import('./stacks/edge')
    const { schedulesStack } = await import('./stacks/schedules')
    const { observabilityStack } = await import('./stacks/observability')
    const s = secretsStack()
    // The sentiment endpoint (production and staging): its name reaches the API and workers, and only they
    // may invoke it. Without it, SAGEMAKER_ENDPOINT_NAME stays unset and the CPU model answers.
    const ml = mlStack()
    const permissions = ml ? [invokeEndpointPermission(ml.endpoint.arn)] : []
    // Optional secrets default to '': those variables are dropped, so loadConfig sees them unset.
    const env = $util
      .output(
        serviceEnvironment<$util.Input<string>>({
          databaseUrl: s.databaseUrl.value,
          upstashUrl: s.upstashUrl.value,
          upstashToken: s.upstashToken.value,
          sagemakerEndpoint: ml ? ml.endpoint.name : '',
          cursorSecret: s.cursorSecret.value,
          operatorKey: s.operatorKey.value,
          ablyApiKey: s.ablyApiKey.value,
          jwt: {
            secret: s.jwtSecret.value,
            jwksUrl: s.jwtJwksUrl.value,
            issuer: s.jwtIssuer.value,
            audience: s.jwtAudience.value,
          },
          region: aws.getRegionOutput().name,
        }),
      )
      .apply(withoutEmpty)
    const { queues, dlqs, urls, workers } = queuesStack(env, permissions)
    const withQueues = $util
      .all([env, $util.output(queueEnvironment(urls))])
      .apply(([a, b]) => ({ ...a, ...b }))
    // Migrations (and a development stage's sample seed) run here, once per deploy that changes them.
    const migrate = migrateStack(env)
    const { api } = apiStack(withQueues, Object.values(queues), permissions, [migrate.run])
    // CloudFront in front of the function URL: the address to give callers.
    const edge = edgeStack(api.url)
    const schedules = schedulesStack(withQueues, Object.values(queues))
    const { dashboard, topic } = observabilityStack(
      {
        queues: PRIORITIES.map((p) => ({
          priority: p,
          queue: queues[p].nodes.queue.name,
          dlq: dlqs[p].nodes.queue.name,
        })),
        functions: [
          { label: 'Api', name: api.name },
          { label: 'Schedule', name: schedules.fn.name },
          ...PRIORITIES.map((p) => ({
            label: `Worker${p[0]!.toUpperCase()}${p.slice(1)}`,
            name: workers[p],
          })),
        ],
        endpoint: ml && { name: ml.endpoint.name, variant: ml.settings.variantName },
      },
      s.alarmEmail.value,
    )
    return {
      url: edge.router.url,
      api: api.url,
      ...urls,
      dashboard: dashboard.dashboardName,
      alarms: topic.arn,
    }
  },
})
