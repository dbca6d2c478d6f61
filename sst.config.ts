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
    const { serviceEnvironment, withoutEmpty } = await import('./infra/settings')
    const { secretsStack } = await import('./stacks/secrets')
    const { queuesStack, queueEnvironment } = await import('./stacks/queues')
    const { apiStack } = await import('./stacks/api')
    const s = secretsStack()
    // Optional secrets default to '': those variables are dropped, so loadConfig sees them unset.
    const env = $util
      .output(
        serviceEnvironment<$util.Input<string>>({
          databaseUrl: s.databaseUrl.value,
          upstashUrl: s.upstashUrl.value,
          upstashToken: s.upstashToken.value,
          sagemakerEndpoint: s.sagemakerEndpoint.value,
          cursorSecret: s.cursorSecret.value,
          operatorKey: s.operatorKey.value,
          ablyApiKey: s.ablyApiKey.value,
          region: aws.getRegionOutput().name,
        }),
      )
      .apply(withoutEmpty)
    const { queues, urls } = queuesStack(env)
    const apiEnv = $util.all([env, $util.output(queueEnvironment(urls))]).apply(([a, b]) => ({ ...a, ...b }))
    const { api } = apiStack(apiEnv, Object.values(queues))
    return { api: api.url, ...urls }
  },
})
