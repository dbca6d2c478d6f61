/// <reference path="./.sst/platform/config.d.ts" />
// SST app: `npx sst deploy --stage production` (needs AWS credentials and internet; not runnable on CI here).
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
    const { apiStack } = await import('./stacks/api')
    const { api } = apiStack()
    return { api: api.url }
  },
})
