// HTTP part: generated types (src/http/schema.ts) + openapi-fetch. The realtime part (WebSocket hub client) is
// to be added beside it as src/realtime/ and exported here.
export type { ApiError, HttpClientOptions, SupernovaHttpClient } from './http/client.ts'
export { createHttpClient, isApiError } from './http/client.ts'
export type { components, operations, paths } from './http/schema.ts'
