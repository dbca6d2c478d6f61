import createClient, { type Client, type ClientOptions } from 'openapi-fetch'
import type { components, paths } from './schema.ts'

/** The error envelope every 4xx/5xx answer carries ({error: {code, message, details?}}). */
export type ApiError = components['schemas']['Error']

/** A typed client over the HTTP API: methods and paths, parameters, bodies and answers checked by TypeScript. */
export type SupernovaHttpClient = Client<paths>

/** How to reach the API and which credentials to send. */
export interface HttpClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Where the API is, e.g. https://api.example.net (the `servers` URL of its /openapi.json). */
  baseUrl: string
  /** Sent as X-API-Key (user routes). */
  apiKey?: string
  /** Sent as Authorization: Bearer (a JWT or an API key). */
  bearerToken?: string
  /** Sent as X-Operator-Key (/performance/*, /metrics). */
  operatorKey?: string
}

/** Creates the HTTP client; requests carry the given credentials as the document's security schemes name them. */
export function createHttpClient(options: HttpClientOptions): SupernovaHttpClient {
  const { apiKey, bearerToken, operatorKey, ...rest } = options
  const client = createClient<paths>(rest)
  if (apiKey || bearerToken || operatorKey)
    client.use({
      onRequest({ request }) {
        if (apiKey) request.headers.set('X-API-Key', apiKey)
        if (bearerToken) request.headers.set('Authorization', `Bearer ${bearerToken}`)
        if (operatorKey) request.headers.set('X-Operator-Key', operatorKey)
        return request
      },
    })
  return client
}

/** True when an answer's `error` is the API's error envelope (network failures throw instead). */
export function isApiError(error: unknown): error is ApiError {
  const e = (error as { error?: { code?: unknown; message?: unknown } } | undefined)?.error
  return typeof e?.code === 'string' && typeof e.message === 'string'
}
