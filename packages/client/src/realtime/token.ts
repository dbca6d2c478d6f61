import { createHttpClient, isApiError } from '../http/client.ts'

/** What POST /v1/realtime/token answers: a hub ticket, or an Ably token request for the SDK's authCallback. */
export type RealtimeGrant =
  | { kind: 'hub'; ticket: string; expiresAt: string; url: string; channels: string[] }
  | { kind: 'ably'; tokenRequest: Record<string, unknown>; expiresAt: string; channels: string[] }

/** How the client reaches the API and authenticates the token request. */
export interface GrantSourceOptions {
  /** Where the API is, e.g. https://api.example.net. */
  baseUrl: string
  /** Sent as X-API-Key. */
  apiKey?: string
  /** Sent as Authorization: Bearer (a JWT or an API key). */
  token?: string
  /** Sent as X-Operator-Key (the `performance` channel and wildcards over tasks or alerts need it). */
  operatorKey?: string
  /** A fetch to call instead of the global one (to add headers, or to reach an in-process app). */
  fetch?: (request: Request) => Promise<Response>
  /** How long a token request may take before it is abandoned and retried (a hung path must not stall reconnects). */
  requestTimeoutMs?: number
  /** Ticket lifetime asked for; a ticket is only checked when a socket opens, and a fresh one is taken each time. */
  ttlSeconds?: number
}

/** A refusal from the token route; `retryable` is false where asking again cannot help (401, 403, 404, 400). */
export class RealtimeGrantError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly retryable: boolean,
  ) {
    super(message)
    this.name = 'RealtimeGrantError'
  }
}

/** A function that asks the API for a grant covering `channels` (network failures throw, and are retryable). */
export type GrantSource = (channels: readonly string[]) => Promise<RealtimeGrant>

/** Builds the grant source over the typed HTTP client. */
export function grantSource(options: GrantSourceOptions): GrantSource {
  const http = createHttpClient({
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    bearerToken: options.token,
    operatorKey: options.operatorKey,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  return async (channels) => {
    // AbortController and a timer rather than AbortSignal.timeout, which older React Native runtimes lack.
    const abort = new AbortController()
    const timeoutMs = options.requestTimeoutMs ?? 10_000
    const timer = setTimeout(() => abort.abort(), timeoutMs)
    const { data, error, response } = await http
      .POST('/v1/realtime/token', {
        body: { channels: [...channels], ttlSeconds: options.ttlSeconds ?? 60 },
        signal: abort.signal,
      })
      .catch((e: unknown) => {
        if (!abort.signal.aborted) throw e
        throw new RealtimeGrantError(`token request timed out after ${timeoutMs} ms`, 0, 'timeout', true)
      })
      .finally(() => clearTimeout(timer))
    if (data) return data as RealtimeGrant
    const status = response.status
    const retryable = status >= 500 || status === 408 || status === 429
    const message = isApiError(error) ? error.error.message : `token request failed with ${status}`
    throw new RealtimeGrantError(message, status, isApiError(error) ? error.error.code : undefined, retryable)
  }
}
