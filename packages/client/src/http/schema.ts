// Generated from the API document by `npm run client:generate` (openapi-typescript); do not edit.
// A test fails when this file is stale.

export type paths = {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: probes every dependency with a timeout */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/symbols": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List symbols */
        get: operations["listSymbols"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/symbols/{symbol}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One symbol with the span of its bars */
        get: operations["getSymbol"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/symbols/{symbol}/bars": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Daily OHLCV bars of a symbol between two dates (inclusive) */
        get: operations["listSymbolBars"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bars": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Bars of many symbols over a date range, streamed as NDJSON (one bar per line, symbol by symbol) */
        get: operations["streamBars"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/profiles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Score a risk questionnaire and store the profile */
        post: operations["createProfile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/profiles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A stored risk profile */
        get: operations["getProfile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/watchlists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List watchlists (oldest first) */
        get: operations["listWatchlists"];
        put?: never;
        /** Create a watchlist */
        post: operations["createWatchlist"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/watchlists/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One watchlist */
        get: operations["getWatchlist"];
        put?: never;
        post?: never;
        /** Delete a watchlist */
        delete: operations["deleteWatchlist"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/watchlists/{id}/symbols": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a symbol to a watchlist (409 if it is already there) */
        post: operations["addWatchlistSymbol"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/watchlists/{id}/symbols/{symbol}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a symbol from a watchlist */
        delete: operations["removeWatchlistSymbol"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/backtests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Backtest a strategy on a symbol, inline bars, or a basket of symbols with periodic rebalancing */
        post: operations["runBacktest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/portfolios/optimize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Optimise portfolio weights (mean-variance, risk parity, HRP) from stored or inline prices */
        post: operations["optimizePortfolio"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/optimizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Search strategy parameters (grid, random or TPE), optionally walk-forward */
        post: operations["runOptimization"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/advice": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Buy / hold / sell for a symbol from a strategy ensemble, adjusted by risk profile and sentiment */
        post: operations["createAdvice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sentiment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Score texts ({texts}) or score and store items ({items}) per symbol */
        post: operations["scoreSentiment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sentiment/aggregate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Mean score and label counts per symbol over a range */
        get: operations["getSentimentAggregate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sentiment/{symbol}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sentiment history of a symbol in hourly or daily UTC buckets */
        get: operations["getSentimentHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/backtests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A stored backtest result (yours only): inputs, the answer, its chart names and report link */
        get: operations["getBacktest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/backtests/{id}/charts/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One chart of a backtest as SVG or PNG */
        get: operations["getBacktestChart"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/backtests/{id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The HTML report of a backtest: key figures, charts and inputs */
        get: operations["getBacktestReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/optimizations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A stored optimisation study result (yours only): inputs, the answer, its chart names and report link */
        get: operations["getOptimization"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/optimizations/{id}/charts/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One chart of a optimisation study as SVG or PNG */
        get: operations["getOptimizationChart"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/optimizations/{id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The HTML report of a optimisation study: key figures, charts and inputs */
        get: operations["getOptimizationReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/portfolios/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A stored portfolio optimisation result (yours only): inputs, the answer, its chart names and report link */
        get: operations["getPortfolio"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/portfolios/{id}/charts/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One chart of a portfolio optimisation as SVG or PNG */
        get: operations["getPortfolioChart"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/portfolios/{id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The HTML report of a portfolio optimisation: key figures, charts and inputs */
        get: operations["getPortfolioReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sentiment/{symbol}/charts/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Daily sentiment of a symbol over its price, as SVG or PNG (chart name: sentiment) */
        get: operations["getSentimentChart"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sentiment/{symbol}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** HTML report of daily sentiment over the price of a symbol */
        get: operations["getSentimentReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tasks, newest first, optionally by status and type */
        get: operations["listTasks"];
        put?: never;
        /** Enqueue a task of a registered type (202 with Location); the same idempotencyKey returns the same task */
        post: operations["createTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A task: status, progress 0-1 with a message, result or error */
        get: operations["getTask"];
        put?: never;
        post?: never;
        /** Cancel a task: a queued one at once, a running one through its abort signal (202) */
        delete: operations["cancelTask"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server-Sent Events: `progress` on every change, then one `done` with the final task */
        get: operations["streamTaskEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/realtime/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a realtime ticket (connect to /v1/realtime?ticket=…) or an Ably token request */
        post: operations["createRealtimeToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List alert rules (oldest first) */
        get: operations["listAlerts"];
        put?: never;
        /** Create an alert rule (fires on alerts:{owner} once per crossing) */
        post: operations["createAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One alert rule with its evaluation state */
        get: operations["getAlert"];
        put?: never;
        post?: never;
        /** Delete an alert rule and its firings */
        delete: operations["deleteAlert"];
        options?: never;
        head?: never;
        /** Change an alert rule (a new symbol, condition or hysteresis starts its state afresh) */
        patch: operations["updateAlert"];
        trace?: never;
    };
    "/v1/alerts/{id}/firings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Firings of an alert rule (newest first) */
        get: operations["listAlertFirings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys, newest first (never their secrets) */
        get: operations["listApiKeys"];
        put?: never;
        /** Create an API key for an owner (the key is in this answer only) */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/keys/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate a key: a new key with the same owner and scopes; the old one keeps working for `overlap` (default 24h) */
        post: operations["rotateApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a key now (cached verifications end within a few seconds on other instances) */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/performance/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Health score 0-100 with named issues */
        get: operations["getPerformanceHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/performance/metrics/resources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** CPU, memory, heap, event loop, GC */
        get: operations["getResourceMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/performance/metrics/api": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Throughput, errors, latency percentiles and bytes per route template */
        get: operations["getApiMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/performance/metrics/database": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Statement times by name, slow queries, pool state */
        get: operations["getDatabaseMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/performance/metrics/cache": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Hit rates per cache tier */
        get: operations["getCacheMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/performance/metrics/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Background tasks and ML calls */
        get: operations["getTaskMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/performance/metrics/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server-Sent Events: `history` once, then `snapshot` every few seconds and `alert` on transitions */
        get: operations["streamPerformanceMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/performance/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This window against the previous one: trends and detected regressions */
        get: operations["getPerformanceReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/performance/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alert states and transition history */
        get: operations["listPerformanceAlerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/performance/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** History sampled every 10 s (bounded) */
        get: operations["getPerformanceHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/performance/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live dashboard (HTML, no external assets) */
        get: operations["getPerformanceDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus text exposition */
        get: operations["getPrometheusMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run up to 20 API requests concurrently in one round trip */
        post: operations["runBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This API as an OpenAPI 3.1 document */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API reference page (Swagger UI, served from this server, no external assets) */
        get: operations["getApiReference"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs/{asset}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A script, stylesheet or icon of the reference page */
        get: operations["getApiReferenceAsset"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        /** @description The one error body shape: a stable machine code, a human message, optional details. */
        Error: {
            error: {
                /** @description Stable machine-readable code, e.g. validation_error. */
                code: string;
                /** @description What went wrong and how to fix it. */
                message: string;
                /** @description Per-field problems or other context, when there are any. */
                details?: unknown;
            };
        };
    };
    responses: {
        /** @description The request is malformed or a parameter, field or body member is invalid. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "validation_error",
                 *         "message": "Invalid query.limit: Too big: expected number to be <=200."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Credentials are missing or not valid. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "unauthorized",
                 *         "message": "This endpoint needs credentials (X-API-Key or Authorization: Bearer)."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The credentials are valid but lack the scope this operation needs. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "forbidden",
                 *         "message": "These channels need the operator key."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No such resource (or it belongs to another owner). */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "not_found",
                 *         "message": "Watchlist 'wl_0b6f…' does not exist."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request conflicts with the current state of the resource. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "conflict",
                 *         "message": "AAPL is already in watchlist 'wl_0b6f…'."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request body is larger than the server accepts. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "payload_too_large",
                 *         "message": "The request body is larger than 4194304 bytes."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request URL is longer than the server accepts. */
        UriTooLong: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "uri_too_long",
                 *         "message": "The request URL is longer than 8192 characters."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request body is not application/json. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "unsupported_media_type",
                 *         "message": "Send the body as application/json."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Rate limit exceeded; retry after the Retry-After header. */
        TooManyRequests: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "rate_limited",
                 *         "message": "Too many requests; retry in 12 s."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Something went wrong on the server; the request id identifies it. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "internal_error",
                 *         "message": "Something went wrong on our side; the request id identifies it."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The feature is not configured on this deployment, or a dependency is down. */
        Unavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "unavailable",
                 *         "message": "Background tasks are not configured on this deployment."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request did not finish within the server deadline. */
        Timeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "timeout",
                 *         "message": "The request took longer than 30000 ms."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: {
        /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
        Fields: string;
        /** @description Most items in one page. */
        Limit: number;
        /** @description The `next_cursor` of the previous page (opaque, signed); not with `offset`. */
        Cursor: string;
        /** @description Items to skip (offset paging); not with `cursor`. */
        Offset: number;
        /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
        AcceptEncoding: string;
        /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
        IfNoneMatch: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is up (uptime, version and adapters only with the operator key) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok",
                     *       "uptimeSeconds": 1.5,
                     *       "version": "string",
                     *       "adapters": {}
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        status: "ok";
                        uptimeSeconds?: number;
                        version?: string;
                        /** @description which adapter serves each port */
                        adapters?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            414: components["responses"]["UriTooLong"];
            500: components["responses"]["InternalError"];
            504: components["responses"]["Timeout"];
        };
    };
    getReadiness: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description All dependencies answer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ready",
                     *       "checks": [
                     *         {
                     *           "name": "string",
                     *           "ok": true
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** @enum {string} */
                        status: "ready" | "not_ready";
                        checks: {
                            name: string;
                            ok: boolean;
                            ms?: number;
                            error?: string;
                        }[];
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            414: components["responses"]["UriTooLong"];
            500: components["responses"]["InternalError"];
            /** @description At least one does not */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ready",
                     *       "checks": [
                     *         {
                     *           "name": "string",
                     *           "ok": true
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** @enum {string} */
                        status: "ready" | "not_ready";
                        checks: {
                            name: string;
                            ok: boolean;
                            ms?: number;
                            error?: string;
                        }[];
                    };
                };
            };
            504: components["responses"]["Timeout"];
        };
    };
    listSymbols: {
        parameters: {
            query?: {
                /** @description Most items in one page. */
                limit?: number;
                /** @description The `next_cursor` of the previous page (opaque, signed); not with `offset`. */
                cursor?: string;
                /** @description Items to skip (offset paging); not with `cursor`. */
                offset?: components["parameters"]["Offset"];
                sector?: string;
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of symbols (every symbol as NDJSON on Accept: application/x-ndjson) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "symbol": "string",
                     *           "name": "string",
                     *           "sector": "string",
                     *           "exchange": "string",
                     *           "currency": "string"
                     *         }
                     *       ],
                     *       "has_more": true,
                     *       "next_cursor": "string",
                     *       "next_offset": -9007199254740991
                     *     }
                     */
                    "application/json": {
                        data: {
                            symbol: string;
                            name: string;
                            sector: string;
                            exchange: string;
                            currency: string;
                        }[];
                        has_more: boolean;
                        next_cursor: string | null;
                        /** @description offset paging: the offset of the next page */
                        next_offset?: number;
                    };
                    /**
                     * @example {
                     *       "symbol": "string",
                     *       "name": "string",
                     *       "sector": "string",
                     *       "exchange": "string",
                     *       "currency": "string"
                     *     }
                     */
                    "application/x-ndjson": {
                        symbol: string;
                        name: string;
                        sector: string;
                        exchange: string;
                        currency: string;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getSymbol: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                symbol: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The symbol */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "symbol": "string",
                     *       "name": "string",
                     *       "sector": "string",
                     *       "exchange": "string",
                     *       "currency": "string",
                     *       "bars": {
                     *         "count": 1.5,
                     *         "first": "string",
                     *         "last": "string"
                     *       }
                     *     }
                     */
                    "application/json": {
                        symbol: string;
                        name: string;
                        sector: string;
                        exchange: string;
                        currency: string;
                        bars: {
                            count: number;
                            first: string | null;
                            last: string | null;
                        };
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    listSymbolBars: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                /** @description Most items in one page. */
                limit?: number;
                /** @description The `next_cursor` of the previous page (opaque, signed); not with `offset`. */
                cursor?: string;
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                symbol: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of bars in date order (NDJSON of the whole range on Accept: application/x-ndjson) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "date": "string",
                     *           "open": 1.5,
                     *           "high": 1.5,
                     *           "low": 1.5,
                     *           "close": 1.5,
                     *           "volume": 1.5
                     *         }
                     *       ],
                     *       "has_more": true,
                     *       "next_cursor": "string",
                     *       "next_offset": -9007199254740991,
                     *       "symbol": "string"
                     *     }
                     */
                    "application/json": {
                        data: {
                            date: string;
                            open: number;
                            high: number;
                            low: number;
                            close: number;
                            volume: number;
                        }[];
                        has_more: boolean;
                        next_cursor: string | null;
                        /** @description offset paging: the offset of the next page */
                        next_offset?: number;
                        symbol: string;
                    };
                    /**
                     * @example {
                     *       "date": "string",
                     *       "open": 1.5,
                     *       "high": 1.5,
                     *       "low": 1.5,
                     *       "close": 1.5,
                     *       "volume": 1.5
                     *     }
                     */
                    "application/x-ndjson": {
                        date: string;
                        open: number;
                        high: number;
                        low: number;
                        close: number;
                        volume: number;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    streamBars: {
        parameters: {
            query: {
                symbols: string;
                from?: string;
                to?: string;
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description NDJSON: {symbol, date, open, high, low, close, volume} per line */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "date": "string",
                     *       "open": 1.5,
                     *       "high": 1.5,
                     *       "low": 1.5,
                     *       "close": 1.5,
                     *       "volume": 1.5,
                     *       "symbol": "string"
                     *     }
                     */
                    "application/x-ndjson": {
                        date: string;
                        open: number;
                        high: number;
                        low: number;
                        close: number;
                        volume: number;
                        symbol: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    createProfile: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "string",
                 *       "age": 18,
                 *       "horizonYears": 0,
                 *       "incomeStability": "unstable",
                 *       "experience": "none",
                 *       "lossTolerance": "sell_all",
                 *       "goal": "preserve",
                 *       "liquidityNeeds": "high"
                 *     }
                 */
                "application/json": {
                    name?: string;
                    age: number;
                    /** @description Years until the money is needed */
                    horizonYears: number;
                    /** @enum {string} */
                    incomeStability: "unstable" | "variable" | "stable" | "very_stable";
                    /** @enum {string} */
                    experience: "none" | "beginner" | "intermediate" | "advanced";
                    /**
                     * @description What you would do if your portfolio fell 20% in a month
                     * @enum {string}
                     */
                    lossTolerance: "sell_all" | "sell_some" | "hold" | "buy_more";
                    /** @enum {string} */
                    goal: "preserve" | "income" | "balanced" | "growth" | "aggressive_growth";
                    /**
                     * @default medium
                     * @enum {string}
                     */
                    liquidityNeeds?: "high" | "medium" | "low";
                };
            };
        };
        responses: {
            /** @description The stored profile */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "name": "string",
                     *       "riskScore": 0,
                     *       "profile": "string",
                     *       "answers": {},
                     *       "factors": null,
                     *       "createdAt": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        name: string | null;
                        riskScore: number;
                        profile: string;
                        answers: {
                            [key: string]: unknown;
                        };
                        factors?: unknown;
                        createdAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getProfile: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The profile */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "name": "string",
                     *       "riskScore": 0,
                     *       "profile": "string",
                     *       "answers": {},
                     *       "factors": null,
                     *       "createdAt": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        name: string | null;
                        riskScore: number;
                        profile: string;
                        answers: {
                            [key: string]: unknown;
                        };
                        factors?: unknown;
                        createdAt: string;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    listWatchlists: {
        parameters: {
            query?: {
                /** @description Most items in one page. */
                limit?: components["parameters"]["Limit"];
                /** @description The `next_cursor` of the previous page (opaque, signed); not with `offset`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Items to skip (offset paging); not with `cursor`. */
                offset?: components["parameters"]["Offset"];
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of watchlists */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "string",
                     *           "name": "string",
                     *           "symbols": [
                     *             "string"
                     *           ],
                     *           "createdAt": "string"
                     *         }
                     *       ],
                     *       "has_more": true,
                     *       "next_cursor": "string",
                     *       "next_offset": -9007199254740991
                     *     }
                     */
                    "application/json": {
                        data: {
                            id: string;
                            name: string;
                            symbols: string[];
                            createdAt: string;
                        }[];
                        has_more: boolean;
                        next_cursor: string | null;
                        /** @description offset paging: the offset of the next page */
                        next_offset?: number;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    createWatchlist: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "string",
                 *       "symbols": []
                 *     }
                 */
                "application/json": {
                    name: string;
                    /** @default [] */
                    symbols?: string[];
                };
            };
        };
        responses: {
            /** @description The new watchlist */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "name": "string",
                     *       "symbols": [
                     *         "string"
                     *       ],
                     *       "createdAt": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        name: string;
                        symbols: string[];
                        createdAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getWatchlist: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The watchlist */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "name": "string",
                     *       "symbols": [
                     *         "string"
                     *       ],
                     *       "createdAt": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        name: string;
                        symbols: string[];
                        createdAt: string;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    deleteWatchlist: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    addWatchlistSymbol: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "symbol": "AAPL"
                 *     }
                 */
                "application/json": {
                    /** @example AAPL */
                    symbol: string;
                };
            };
        };
        responses: {
            /** @description The updated watchlist */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "name": "string",
                     *       "symbols": [
                     *         "string"
                     *       ],
                     *       "createdAt": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        name: string;
                        symbols: string[];
                        createdAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    removeWatchlistSymbol: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
                symbol: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The updated watchlist */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "name": "string",
                     *       "symbols": [
                     *         "string"
                     *       ],
                     *       "createdAt": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        name: string;
                        symbols: string[];
                        createdAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    runBacktest: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "symbol": "AAPL",
                 *       "bars": [
                 *         {
                 *           "date": "2023-06-30",
                 *           "open": 1.5,
                 *           "high": 1.5,
                 *           "low": 1.5,
                 *           "close": 1.5
                 *         },
                 *         {
                 *           "date": "2023-06-30",
                 *           "open": 1.5,
                 *           "high": 1.5,
                 *           "low": 1.5,
                 *           "close": 1.5
                 *         }
                 *       ],
                 *       "from": "2023-06-30",
                 *       "to": "2023-06-30",
                 *       "symbols": [
                 *         "AAPL"
                 *       ],
                 *       "rebalanceEvery": 21,
                 *       "strategy": {
                 *         "name": "sma_cross",
                 *         "params": {}
                 *       },
                 *       "execution": {
                 *         "fill": "close",
                 *         "sizing": {
                 *           "units": 1.5
                 *         },
                 *         "commission": {},
                 *         "slippageBps": 0,
                 *         "allowShort": true
                 *       },
                 *       "initialCash": 10000,
                 *       "riskFreeRate": 0
                 *     }
                 */
                "application/json": {
                    /** @example AAPL */
                    symbol?: string;
                    bars?: {
                        /** @example 2023-06-30 */
                        date: string;
                        open: number;
                        high: number;
                        low: number;
                        close: number;
                        /** @default 0 */
                        volume?: number;
                    }[];
                    /** @example 2023-06-30 */
                    from?: string;
                    /** @example 2023-06-30 */
                    to?: string;
                    /** @description a basket, rebalanced periodically */
                    symbols?: string[];
                    /** @default 21 */
                    rebalanceEvery?: number;
                    strategy: {
                        /**
                         * @description sma_cross (param period) is close crossing its SMA
                         * @enum {string}
                         */
                        name: "sma_cross" | "ma_cross" | "rsi_reversion" | "rsi_breakout" | "macd_trend" | "bollinger_reversion" | "buy_hold";
                        /** @default {} */
                        params?: {
                            [key: string]: number;
                        };
                    };
                    execution?: {
                        /**
                         * @default next_open
                         * @enum {string}
                         */
                        fill?: "close" | "next_open";
                        /** @description Fixed units per entry, or a percent of equity (default: 1 unit) */
                        sizing?: {
                            units: number;
                        } | {
                            percent: number;
                        };
                        commission?: {
                            /** @description percent of traded value, 0.1 = 0.1 % */
                            percent?: number;
                            /** @description per fill, in account currency */
                            fixed?: number;
                        };
                        slippageBps?: number;
                        allowShort?: boolean;
                    };
                    /** @default 10000 */
                    initialCash?: number;
                    /** @default 0 */
                    riskFreeRate?: number;
                };
            };
        };
        responses: {
            /** @description Metrics, trades and the equity curve */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "report": "string",
                     *       "symbol": "string",
                     *       "symbols": [
                     *         "string"
                     *       ],
                     *       "weights": null,
                     *       "strategy": {
                     *         "name": "string",
                     *         "params": {}
                     *       },
                     *       "metrics": {},
                     *       "trades": [
                     *         {
                     *           "side": "long",
                     *           "entryDate": "string",
                     *           "entryPrice": 1.5,
                     *           "exitDate": "string",
                     *           "exitPrice": 1.5,
                     *           "size": 1.5,
                     *           "pnl": 1.5,
                     *           "returnPct": 1.5,
                     *           "commission": 1.5
                     *         }
                     *       ],
                     *       "equity": [
                     *         {
                     *           "date": "string",
                     *           "value": 1.5
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** @description the stored result: GET /v1/{backtests|optimizations|portfolios}/{id} */
                        id: string;
                        /** @description the HTML report of this result */
                        report: string;
                        /** @description single-symbol runs */
                        symbol?: string | null;
                        /** @description basket runs */
                        symbols?: string[];
                        /** @description basket runs: the target weights */
                        weights?: unknown;
                        strategy: {
                            name: string;
                            params: {
                                [key: string]: number;
                            };
                        };
                        metrics: {
                            [key: string]: number | null;
                        };
                        trades: {
                            /** @enum {string} */
                            side: "long" | "short";
                            entryDate: string;
                            entryPrice: number;
                            exitDate: string | null;
                            exitPrice: number | null;
                            size: number;
                            pnl: number;
                            returnPct: number;
                            commission: number;
                        }[];
                        equity: {
                            date: string;
                            value: number;
                        }[];
                    };
                };
            };
            /** @description Accepted as a background task: poll Location (GET /v1/tasks/{id}) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "type": "string",
                     *       "priority": "high",
                     *       "status": "queued",
                     *       "progress": {
                     *         "value": 1.5,
                     *         "message": "string"
                     *       },
                     *       "attempts": 1.5,
                     *       "maxAttempts": 1.5,
                     *       "result": null,
                     *       "error": {
                     *         "message": "string",
                     *         "attempt": 1.5
                     *       },
                     *       "cancelRequested": true,
                     *       "createdAt": "string",
                     *       "runAt": "string",
                     *       "startedAt": "string",
                     *       "finishedAt": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        type: string;
                        /** @enum {string} */
                        priority: "high" | "normal" | "low";
                        /** @enum {string} */
                        status: "queued" | "running" | "succeeded" | "dead" | "cancelled";
                        progress: {
                            /** @description 0-1 */
                            value: number;
                            message: string | null;
                        };
                        attempts: number;
                        maxAttempts: number;
                        /** @description the handler result once succeeded */
                        result: unknown;
                        error: {
                            message: string;
                            attempt: number;
                        } | null;
                        cancelRequested: boolean;
                        createdAt: string;
                        runAt: string;
                        startedAt: string | null;
                        finishedAt: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    optimizePortfolio: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "symbols": [
                 *         "AAPL"
                 *       ],
                 *       "prices": {
                 *         "dates": [
                 *           "2023-06-30",
                 *           "2023-06-30",
                 *           "2023-06-30"
                 *         ],
                 *         "series": {}
                 *       },
                 *       "from": "2023-06-30",
                 *       "to": "2023-06-30",
                 *       "objective": "min_volatility",
                 *       "targetReturn": 1.5,
                 *       "targetVolatility": 1.5,
                 *       "riskFreeRate": 0.02,
                 *       "riskModel": "sample",
                 *       "expectedReturns": "mean",
                 *       "compounding": true,
                 *       "bounds": [
                 *         1.5,
                 *         1.5
                 *       ],
                 *       "linkage": "single"
                 *     }
                 */
                "application/json": {
                    symbols?: string[];
                    /** @description null before a series starts is allowed (handled pairwise); gaps after it starts are not */
                    prices?: {
                        dates: string[];
                        series: {
                            [key: string]: (number | null)[];
                        };
                    };
                    /** @example 2023-06-30 */
                    from?: string;
                    /** @example 2023-06-30 */
                    to?: string;
                    /** @enum {string} */
                    objective: "min_volatility" | "max_sharpe" | "efficient_return" | "efficient_risk" | "risk_parity" | "hrp";
                    targetReturn?: number;
                    targetVolatility?: number;
                    /** @default 0.02 */
                    riskFreeRate?: number;
                    /**
                     * @default sample
                     * @enum {string}
                     */
                    riskModel?: "sample" | "ledoit_wolf";
                    /**
                     * @default mean
                     * @enum {string}
                     */
                    expectedReturns?: "mean" | "ema";
                    /**
                     * @description true: geometric mean of daily returns, compounded over 252 days; false: arithmetic mean x 252 (PyPortfolioOpt HRPOpt.portfolio_performance)
                     * @default true
                     */
                    compounding?: boolean;
                    /** @description [lower, upper] for every asset, or per ticker (others default to [0, 1]) */
                    bounds?: [
                        number,
                        number
                    ] | {
                        [key: string]: [
                            number,
                            number
                        ];
                    };
                    /**
                     * @default single
                     * @enum {string}
                     */
                    linkage?: "single" | "complete" | "average" | "ward";
                };
            };
        };
        responses: {
            /** @description Weights, expected performance and realised analytics */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "report": "string",
                     *       "weights": {},
                     *       "performance": {
                     *         "expectedReturn": 1.5,
                     *         "volatility": 1.5,
                     *         "sharpe": 1.5
                     *       },
                     *       "analytics": {}
                     *     }
                     */
                    "application/json": {
                        /** @description the stored result: GET /v1/{backtests|optimizations|portfolios}/{id} */
                        id: string;
                        /** @description the HTML report of this result */
                        report: string;
                        weights: {
                            [key: string]: number;
                        };
                        performance: {
                            expectedReturn: number;
                            volatility: number;
                            sharpe: number;
                        };
                        analytics: {
                            [key: string]: number | null;
                        };
                    };
                };
            };
            /** @description Accepted as a background task: poll Location (GET /v1/tasks/{id}) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "type": "string",
                     *       "priority": "high",
                     *       "status": "queued",
                     *       "progress": {
                     *         "value": 1.5,
                     *         "message": "string"
                     *       },
                     *       "attempts": 1.5,
                     *       "maxAttempts": 1.5,
                     *       "result": null,
                     *       "error": {
                     *         "message": "string",
                     *         "attempt": 1.5
                     *       },
                     *       "cancelRequested": true,
                     *       "createdAt": "string",
                     *       "runAt": "string",
                     *       "startedAt": "string",
                     *       "finishedAt": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        type: string;
                        /** @enum {string} */
                        priority: "high" | "normal" | "low";
                        /** @enum {string} */
                        status: "queued" | "running" | "succeeded" | "dead" | "cancelled";
                        progress: {
                            /** @description 0-1 */
                            value: number;
                            message: string | null;
                        };
                        attempts: number;
                        maxAttempts: number;
                        /** @description the handler result once succeeded */
                        result: unknown;
                        error: {
                            message: string;
                            attempt: number;
                        } | null;
                        cancelRequested: boolean;
                        createdAt: string;
                        runAt: string;
                        startedAt: string | null;
                        finishedAt: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    runOptimization: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "symbol": "AAPL",
                 *       "bars": [
                 *         {
                 *           "date": "2023-06-30",
                 *           "open": 1.5,
                 *           "high": 1.5,
                 *           "low": 1.5,
                 *           "close": 1.5
                 *         },
                 *         {
                 *           "date": "2023-06-30",
                 *           "open": 1.5,
                 *           "high": 1.5,
                 *           "low": 1.5,
                 *           "close": 1.5
                 *         }
                 *       ],
                 *       "from": "2023-06-30",
                 *       "to": "2023-06-30",
                 *       "strategy": "sma_cross",
                 *       "space": {},
                 *       "method": "grid",
                 *       "trials": 100,
                 *       "objective": "sharpe",
                 *       "seed": 42,
                 *       "execution": {
                 *         "fill": "close",
                 *         "sizing": {
                 *           "units": 1.5
                 *         },
                 *         "commission": {},
                 *         "slippageBps": 0,
                 *         "allowShort": true
                 *       },
                 *       "initialCash": 10000,
                 *       "walkForward": {
                 *         "folds": 1,
                 *         "trainFraction": 0.7,
                 *         "mode": "rolling"
                 *       }
                 *     }
                 */
                "application/json": {
                    /** @example AAPL */
                    symbol?: string;
                    bars?: {
                        /** @example 2023-06-30 */
                        date: string;
                        open: number;
                        high: number;
                        low: number;
                        close: number;
                        /** @default 0 */
                        volume?: number;
                    }[];
                    /** @example 2023-06-30 */
                    from?: string;
                    /** @example 2023-06-30 */
                    to?: string;
                    /** @enum {string} */
                    strategy: "sma_cross" | "ma_cross" | "rsi_reversion" | "rsi_breakout" | "macd_trend" | "bollinger_reversion" | "buy_hold";
                    space?: {
                        [key: string]: {
                            min: number;
                            max: number;
                            step?: number;
                        } | number[];
                    };
                    /**
                     * @default grid
                     * @enum {string}
                     */
                    method?: "grid" | "random" | "tpe";
                    /**
                     * @description studies past the direct-answer budget run as a task (202)
                     * @default 100
                     */
                    trials?: number;
                    /**
                     * @default sharpe
                     * @enum {string}
                     */
                    objective?: "sharpe" | "sortino" | "cagr" | "calmar" | "total_return" | "profit_factor" | "max_drawdown";
                    /** @default 42 */
                    seed?: number;
                    execution?: {
                        /**
                         * @default next_open
                         * @enum {string}
                         */
                        fill?: "close" | "next_open";
                        /** @description Fixed units per entry, or a percent of equity (default: 1 unit) */
                        sizing?: {
                            units: number;
                        } | {
                            percent: number;
                        };
                        commission?: {
                            /** @description percent of traded value, 0.1 = 0.1 % */
                            percent?: number;
                            /** @description per fill, in account currency */
                            fixed?: number;
                        };
                        slippageBps?: number;
                        allowShort?: boolean;
                    };
                    /** @default 10000 */
                    initialCash?: number;
                    walkForward?: {
                        folds: number;
                        /** @default 0.7 */
                        trainFraction?: number;
                        /**
                         * @default rolling
                         * @enum {string}
                         */
                        mode?: "rolling" | "anchored";
                    };
                };
            };
        };
        responses: {
            /** @description The best parameters, every trial, and walk-forward folds when asked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "report": "string",
                     *       "symbol": "string",
                     *       "strategy": "string",
                     *       "objective": "string",
                     *       "method": "grid",
                     *       "best": {
                     *         "params": {},
                     *         "score": 1.5,
                     *         "metrics": {}
                     *       },
                     *       "trials": [
                     *         {
                     *           "params": {},
                     *           "score": 1.5
                     *         }
                     *       ],
                     *       "evaluated": 1.5
                     *     }
                     */
                    "application/json": {
                        /** @description the stored result: GET /v1/{backtests|optimizations|portfolios}/{id} */
                        id: string;
                        /** @description the HTML report of this result */
                        report: string;
                        symbol: string | null;
                        strategy: string;
                        objective: string;
                        /** @enum {string} */
                        method?: "grid" | "random" | "tpe";
                        best?: {
                            params: {
                                [key: string]: number;
                            };
                            score: number | null;
                            metrics: {
                                [key: string]: number | null;
                            };
                        } | null;
                        trials?: {
                            params: {
                                [key: string]: number;
                            };
                            score: number | null;
                        }[];
                        evaluated?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Accepted as a background task: poll Location (GET /v1/tasks/{id}) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "type": "string",
                     *       "priority": "high",
                     *       "status": "queued",
                     *       "progress": {
                     *         "value": 1.5,
                     *         "message": "string"
                     *       },
                     *       "attempts": 1.5,
                     *       "maxAttempts": 1.5,
                     *       "result": null,
                     *       "error": {
                     *         "message": "string",
                     *         "attempt": 1.5
                     *       },
                     *       "cancelRequested": true,
                     *       "createdAt": "string",
                     *       "runAt": "string",
                     *       "startedAt": "string",
                     *       "finishedAt": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        type: string;
                        /** @enum {string} */
                        priority: "high" | "normal" | "low";
                        /** @enum {string} */
                        status: "queued" | "running" | "succeeded" | "dead" | "cancelled";
                        progress: {
                            /** @description 0-1 */
                            value: number;
                            message: string | null;
                        };
                        attempts: number;
                        maxAttempts: number;
                        /** @description the handler result once succeeded */
                        result: unknown;
                        error: {
                            message: string;
                            attempt: number;
                        } | null;
                        cancelRequested: boolean;
                        createdAt: string;
                        runAt: string;
                        startedAt: string | null;
                        finishedAt: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    createAdvice: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "symbol": "AAPL",
                 *       "profileId": "string",
                 *       "riskScore": 0,
                 *       "sentiment": {
                 *         "score": -1,
                 *         "confidence": 0
                 *       },
                 *       "asOf": "2023-06-30"
                 *     }
                 */
                "application/json": {
                    /** @example AAPL */
                    symbol: string;
                    profileId?: string;
                    riskScore?: number;
                    sentiment?: {
                        score: number;
                        confidence?: number;
                    };
                    /** @example 2023-06-30 */
                    asOf?: string;
                };
            };
        };
        responses: {
            /** @description The advice with its votes and rationale */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "symbol": "string",
                     *       "action": "buy",
                     *       "confidence": 1.5,
                     *       "score": 1.5,
                     *       "rationale": "string",
                     *       "riskScore": 1.5,
                     *       "asOf": "string",
                     *       "profile": "string",
                     *       "votes": [
                     *         {
                     *           "strategy": "string",
                     *           "vote": 1.5,
                     *           "weight": 1.5,
                     *           "lastSignalDate": "string"
                     *         }
                     *       ],
                     *       "sentiment": {
                     *         "score": 1.5,
                     *         "confidence": 1.5,
                     *         "source": "string"
                     *       },
                     *       "volatility": 1.5,
                     *       "rsi": 1.5
                     *     }
                     */
                    "application/json": {
                        symbol: string;
                        /** @enum {string} */
                        action: "buy" | "hold" | "sell";
                        confidence: number;
                        score: number;
                        rationale: string;
                        riskScore: number;
                        asOf: string | null;
                        profile: string | null;
                        votes: {
                            strategy: string;
                            vote: number;
                            weight: number;
                            lastSignalDate: string | null;
                        }[];
                        sentiment: {
                            score: number;
                            confidence?: number;
                            source?: string;
                        };
                        volatility: number;
                        rsi: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    scoreSentiment: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "texts": [
                 *         "string"
                 *       ],
                 *       "items": [
                 *         {
                 *           "text": "string"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    texts?: string[];
                    items?: {
                        text: string;
                        /** @example AAPL */
                        symbol?: string;
                        time?: string;
                        source?: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description One result per text, in order; `stored` counts rows written for items */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "results": [
                     *         {
                     *           "label": "positive",
                     *           "scores": {
                     *             "positive": 1.5,
                     *             "negative": 1.5,
                     *             "neutral": 1.5
                     *           },
                     *           "score": 1.5,
                     *           "model": "string"
                     *         }
                     *       ],
                     *       "stored": 1.5
                     *     }
                     */
                    "application/json": {
                        results: {
                            /** @enum {string} */
                            label: "positive" | "negative" | "neutral";
                            scores: {
                                positive: number;
                                negative: number;
                                neutral: number;
                            };
                            score: number;
                            model: string;
                            fallback?: boolean;
                            cached?: boolean;
                            symbols?: string[];
                        }[];
                        stored?: number;
                    };
                };
            };
            /** @description Accepted as a background task: poll Location (GET /v1/tasks/{id}) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "type": "string",
                     *       "priority": "high",
                     *       "status": "queued",
                     *       "progress": {
                     *         "value": 1.5,
                     *         "message": "string"
                     *       },
                     *       "attempts": 1.5,
                     *       "maxAttempts": 1.5,
                     *       "result": null,
                     *       "error": {
                     *         "message": "string",
                     *         "attempt": 1.5
                     *       },
                     *       "cancelRequested": true,
                     *       "createdAt": "string",
                     *       "runAt": "string",
                     *       "startedAt": "string",
                     *       "finishedAt": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        type: string;
                        /** @enum {string} */
                        priority: "high" | "normal" | "low";
                        /** @enum {string} */
                        status: "queued" | "running" | "succeeded" | "dead" | "cancelled";
                        progress: {
                            /** @description 0-1 */
                            value: number;
                            message: string | null;
                        };
                        attempts: number;
                        maxAttempts: number;
                        /** @description the handler result once succeeded */
                        result: unknown;
                        error: {
                            message: string;
                            attempt: number;
                        } | null;
                        cancelRequested: boolean;
                        createdAt: string;
                        runAt: string;
                        startedAt: string | null;
                        finishedAt: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getSentimentAggregate: {
        parameters: {
            query: {
                symbols: string;
                from?: string;
                to?: string;
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Stats per symbol (zero counts for symbols without items) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "from": "string",
                     *       "to": "string",
                     *       "data": [
                     *         {
                     *           "count": 1.5,
                     *           "meanScore": 1.5,
                     *           "positive": 1.5,
                     *           "negative": 1.5,
                     *           "neutral": 1.5,
                     *           "symbol": "string"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        from: string;
                        to: string;
                        data: {
                            count: number;
                            meanScore: number;
                            positive: number;
                            negative: number;
                            neutral: number;
                            symbol: string;
                        }[];
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getSentimentHistory: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                interval?: "hour" | "day";
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                symbol: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Buckets oldest first; empty buckets are omitted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "symbol": "string",
                     *       "interval": "hour",
                     *       "from": "string",
                     *       "to": "string",
                     *       "data": [
                     *         {
                     *           "count": 1.5,
                     *           "meanScore": 1.5,
                     *           "positive": 1.5,
                     *           "negative": 1.5,
                     *           "neutral": 1.5,
                     *           "bucket": "string"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        symbol: string;
                        /** @enum {string} */
                        interval: "hour" | "day";
                        from: string;
                        to: string;
                        data: {
                            count: number;
                            meanScore: number;
                            positive: number;
                            negative: number;
                            neutral: number;
                            bucket: string;
                        }[];
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getBacktest: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The backtest as stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "kind": "backtest",
                     *       "createdAt": "string",
                     *       "input": {},
                     *       "result": null,
                     *       "charts": [
                     *         "string"
                     *       ],
                     *       "report": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        /** @constant */
                        kind: "backtest";
                        createdAt: string;
                        input: {
                            [key: string]: unknown;
                        };
                        result: unknown;
                        charts: string[];
                        report: string;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getBacktestChart: {
        parameters: {
            query?: {
                /** @description colours of the standalone chart */
                theme?: "light" | "dark";
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The chart as SVG (image/png with `Accept: image/png` or a `.png` name) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example string */
                    "image/svg+xml": string;
                    /** @example (binary PNG image) */
                    "image/png": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getBacktestReport: {
        parameters: {
            query?: never;
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A self-contained HTML page (inline SVG, no scripts) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example string */
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getOptimization: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The optimisation study as stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "kind": "optimization",
                     *       "createdAt": "string",
                     *       "input": {},
                     *       "result": null,
                     *       "charts": [
                     *         "string"
                     *       ],
                     *       "report": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        /** @constant */
                        kind: "optimization";
                        createdAt: string;
                        input: {
                            [key: string]: unknown;
                        };
                        result: unknown;
                        charts: string[];
                        report: string;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getOptimizationChart: {
        parameters: {
            query?: {
                /** @description colours of the standalone chart */
                theme?: "light" | "dark";
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The chart as SVG (image/png with `Accept: image/png` or a `.png` name) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example string */
                    "image/svg+xml": string;
                    /** @example (binary PNG image) */
                    "image/png": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getOptimizationReport: {
        parameters: {
            query?: never;
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A self-contained HTML page (inline SVG, no scripts) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example string */
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getPortfolio: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The portfolio optimisation as stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "kind": "portfolio",
                     *       "createdAt": "string",
                     *       "input": {},
                     *       "result": null,
                     *       "charts": [
                     *         "string"
                     *       ],
                     *       "report": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        /** @constant */
                        kind: "portfolio";
                        createdAt: string;
                        input: {
                            [key: string]: unknown;
                        };
                        result: unknown;
                        charts: string[];
                        report: string;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getPortfolioChart: {
        parameters: {
            query?: {
                /** @description colours of the standalone chart */
                theme?: "light" | "dark";
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The chart as SVG (image/png with `Accept: image/png` or a `.png` name) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example string */
                    "image/svg+xml": string;
                    /** @example (binary PNG image) */
                    "image/png": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getPortfolioReport: {
        parameters: {
            query?: never;
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A self-contained HTML page (inline SVG, no scripts) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example string */
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getSentimentChart: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                /** @description window ending at `to` (default today) */
                days?: number;
                /** @description colours of the standalone chart */
                theme?: "light" | "dark";
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                symbol: string;
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The chart as SVG (image/png with `Accept: image/png` or a `.png` name) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example string */
                    "image/svg+xml": string;
                    /** @example (binary PNG image) */
                    "image/png": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getSentimentReport: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                /** @description window ending at `to` (default today) */
                days?: number;
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                symbol: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A self-contained HTML page (inline SVG, no scripts) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example string */
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    listTasks: {
        parameters: {
            query?: {
                status?: "queued" | "running" | "succeeded" | "dead" | "cancelled";
                type?: string;
                /** @description Most items in one page. */
                limit?: components["parameters"]["Limit"];
                /** @description The `next_cursor` of the previous page (opaque, signed); not with `offset`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Items to skip (offset paging); not with `cursor`. */
                offset?: components["parameters"]["Offset"];
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of tasks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "string",
                     *           "type": "string",
                     *           "priority": "high",
                     *           "status": "queued",
                     *           "progress": {
                     *             "value": 1.5,
                     *             "message": "string"
                     *           },
                     *           "attempts": 1.5,
                     *           "maxAttempts": 1.5,
                     *           "result": null,
                     *           "error": {
                     *             "message": "string",
                     *             "attempt": 1.5
                     *           },
                     *           "cancelRequested": true,
                     *           "createdAt": "string",
                     *           "runAt": "string",
                     *           "startedAt": "string",
                     *           "finishedAt": "string"
                     *         }
                     *       ],
                     *       "has_more": true,
                     *       "next_cursor": "string",
                     *       "next_offset": -9007199254740991
                     *     }
                     */
                    "application/json": {
                        data: {
                            id: string;
                            type: string;
                            /** @enum {string} */
                            priority: "high" | "normal" | "low";
                            /** @enum {string} */
                            status: "queued" | "running" | "succeeded" | "dead" | "cancelled";
                            progress: {
                                /** @description 0-1 */
                                value: number;
                                message: string | null;
                            };
                            attempts: number;
                            maxAttempts: number;
                            /** @description the handler result once succeeded */
                            result: unknown;
                            error: {
                                message: string;
                                attempt: number;
                            } | null;
                            cancelRequested: boolean;
                            createdAt: string;
                            runAt: string;
                            startedAt: string | null;
                            finishedAt: string | null;
                        }[];
                        has_more: boolean;
                        next_cursor: string | null;
                        /** @description offset paging: the offset of the next page */
                        next_offset?: number;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    createTask: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "string",
                 *       "payload": {},
                 *       "priority": "high",
                 *       "delayMs": 0,
                 *       "idempotencyKey": "string",
                 *       "maxAttempts": 1,
                 *       "timeoutMs": 100
                 *     }
                 */
                "application/json": {
                    type: string;
                    /** @default {} */
                    payload?: unknown;
                    /** @enum {string} */
                    priority?: "high" | "normal" | "low";
                    delayMs?: number;
                    /** @description the same key returns the same task while it is kept: finished tasks are deleted TASK_RETENTION_DAYS (7 by default) after they finish */
                    idempotencyKey?: string;
                    maxAttempts?: number;
                    timeoutMs?: number;
                };
            };
        };
        responses: {
            /** @description An earlier task with this idempotency key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "type": "string",
                     *       "priority": "high",
                     *       "status": "queued",
                     *       "progress": {
                     *         "value": 1.5,
                     *         "message": "string"
                     *       },
                     *       "attempts": 1.5,
                     *       "maxAttempts": 1.5,
                     *       "result": null,
                     *       "error": {
                     *         "message": "string",
                     *         "attempt": 1.5
                     *       },
                     *       "cancelRequested": true,
                     *       "createdAt": "string",
                     *       "runAt": "string",
                     *       "startedAt": "string",
                     *       "finishedAt": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        type: string;
                        /** @enum {string} */
                        priority: "high" | "normal" | "low";
                        /** @enum {string} */
                        status: "queued" | "running" | "succeeded" | "dead" | "cancelled";
                        progress: {
                            /** @description 0-1 */
                            value: number;
                            message: string | null;
                        };
                        attempts: number;
                        maxAttempts: number;
                        /** @description the handler result once succeeded */
                        result: unknown;
                        error: {
                            message: string;
                            attempt: number;
                        } | null;
                        cancelRequested: boolean;
                        createdAt: string;
                        runAt: string;
                        startedAt: string | null;
                        finishedAt: string | null;
                    };
                };
            };
            /** @description Accepted: the task row is written; poll Location */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "type": "string",
                     *       "priority": "high",
                     *       "status": "queued",
                     *       "progress": {
                     *         "value": 1.5,
                     *         "message": "string"
                     *       },
                     *       "attempts": 1.5,
                     *       "maxAttempts": 1.5,
                     *       "result": null,
                     *       "error": {
                     *         "message": "string",
                     *         "attempt": 1.5
                     *       },
                     *       "cancelRequested": true,
                     *       "createdAt": "string",
                     *       "runAt": "string",
                     *       "startedAt": "string",
                     *       "finishedAt": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        type: string;
                        /** @enum {string} */
                        priority: "high" | "normal" | "low";
                        /** @enum {string} */
                        status: "queued" | "running" | "succeeded" | "dead" | "cancelled";
                        progress: {
                            /** @description 0-1 */
                            value: number;
                            message: string | null;
                        };
                        attempts: number;
                        maxAttempts: number;
                        /** @description the handler result once succeeded */
                        result: unknown;
                        error: {
                            message: string;
                            attempt: number;
                        } | null;
                        cancelRequested: boolean;
                        createdAt: string;
                        runAt: string;
                        startedAt: string | null;
                        finishedAt: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getTask: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "type": "string",
                     *       "priority": "high",
                     *       "status": "queued",
                     *       "progress": {
                     *         "value": 1.5,
                     *         "message": "string"
                     *       },
                     *       "attempts": 1.5,
                     *       "maxAttempts": 1.5,
                     *       "result": null,
                     *       "error": {
                     *         "message": "string",
                     *         "attempt": 1.5
                     *       },
                     *       "cancelRequested": true,
                     *       "createdAt": "string",
                     *       "runAt": "string",
                     *       "startedAt": "string",
                     *       "finishedAt": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        type: string;
                        /** @enum {string} */
                        priority: "high" | "normal" | "low";
                        /** @enum {string} */
                        status: "queued" | "running" | "succeeded" | "dead" | "cancelled";
                        progress: {
                            /** @description 0-1 */
                            value: number;
                            message: string | null;
                        };
                        attempts: number;
                        maxAttempts: number;
                        /** @description the handler result once succeeded */
                        result: unknown;
                        error: {
                            message: string;
                            attempt: number;
                        } | null;
                        cancelRequested: boolean;
                        createdAt: string;
                        runAt: string;
                        startedAt: string | null;
                        finishedAt: string | null;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    cancelTask: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted: the task row is written; poll Location */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "type": "string",
                     *       "priority": "high",
                     *       "status": "queued",
                     *       "progress": {
                     *         "value": 1.5,
                     *         "message": "string"
                     *       },
                     *       "attempts": 1.5,
                     *       "maxAttempts": 1.5,
                     *       "result": null,
                     *       "error": {
                     *         "message": "string",
                     *         "attempt": 1.5
                     *       },
                     *       "cancelRequested": true,
                     *       "createdAt": "string",
                     *       "runAt": "string",
                     *       "startedAt": "string",
                     *       "finishedAt": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        type: string;
                        /** @enum {string} */
                        priority: "high" | "normal" | "low";
                        /** @enum {string} */
                        status: "queued" | "running" | "succeeded" | "dead" | "cancelled";
                        progress: {
                            /** @description 0-1 */
                            value: number;
                            message: string | null;
                        };
                        attempts: number;
                        maxAttempts: number;
                        /** @description the handler result once succeeded */
                        result: unknown;
                        error: {
                            message: string;
                            attempt: number;
                        } | null;
                        cancelRequested: boolean;
                        createdAt: string;
                        runAt: string;
                        startedAt: string | null;
                        finishedAt: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    streamTaskEvents: {
        parameters: {
            query?: {
                interval?: number;
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream: `progress` events, then one `done` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example event: progress
                     *     data: {"id":"task_…","status":"running","progress":0.4}
                     */
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    createRealtimeToken: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "channels": [
                 *         "string"
                 *       ],
                 *       "ttlSeconds": 3600
                 *     }
                 */
                "application/json": {
                    /** @description channels or patterns to subscribe to */
                    channels: string[];
                    /** @default 3600 */
                    ttlSeconds?: number;
                };
            };
        };
        responses: {
            /** @description The hub ticket and where to use it, or an Ably token request */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "kind": "hub",
                     *       "ticket": "string",
                     *       "expiresAt": "string",
                     *       "url": "string",
                     *       "channels": [
                     *         "string"
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        kind: "hub";
                        ticket: string;
                        expiresAt: string;
                        url: string;
                        channels: string[];
                    } | {
                        /** @constant */
                        kind: "ably";
                        tokenRequest: {
                            [key: string]: unknown;
                        };
                        expiresAt: string;
                        channels: string[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    listAlerts: {
        parameters: {
            query?: {
                /** @description Most items in one page. */
                limit?: components["parameters"]["Limit"];
                /** @description The `next_cursor` of the previous page (opaque, signed); not with `offset`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Items to skip (offset paging); not with `cursor`. */
                offset?: components["parameters"]["Offset"];
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of alert rules */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "string",
                     *           "name": "string",
                     *           "symbol": "string",
                     *           "condition": null,
                     *           "description": "string",
                     *           "hysteresis": 1.5,
                     *           "enabled": true,
                     *           "state": {
                     *             "armed": true,
                     *             "value": 1.5,
                     *             "margin": 1.5,
                     *             "evaluatedAt": "string",
                     *             "firedAt": "string",
                     *             "fireCount": 1.5
                     *           },
                     *           "createdAt": "string",
                     *           "updatedAt": "string"
                     *         }
                     *       ],
                     *       "has_more": true,
                     *       "next_cursor": "string",
                     *       "next_offset": -9007199254740991
                     *     }
                     */
                    "application/json": {
                        data: {
                            id: string;
                            name: string | null;
                            symbol: string;
                            condition: unknown;
                            description: string;
                            hysteresis: number | null;
                            enabled: boolean;
                            state: {
                                armed: boolean | null;
                                value: number | null;
                                margin: number | null;
                                evaluatedAt: string | null;
                                firedAt: string | null;
                                fireCount: number;
                            };
                            createdAt: string;
                            updatedAt: string;
                        }[];
                        has_more: boolean;
                        next_cursor: string | null;
                        /** @description offset paging: the offset of the next page */
                        next_offset?: number;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    createAlert: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "string",
                 *       "symbol": "AAPL",
                 *       "condition": {
                 *         "kind": "price",
                 *         "op": "above",
                 *         "level": 1.5
                 *       },
                 *       "hysteresis": 0,
                 *       "enabled": true
                 *     }
                 */
                "application/json": {
                    name?: string | null;
                    /** @example AAPL */
                    symbol: string;
                    condition: {
                        /** @constant */
                        kind: "price";
                        /** @enum {string} */
                        op: "above" | "below";
                        level: number;
                    } | {
                        /** @constant */
                        kind: "move";
                        /**
                         * @default either
                         * @enum {string}
                         */
                        direction?: "up" | "down" | "either";
                        percent: number;
                        /** @default 1 */
                        windowBars?: number;
                    } | {
                        /** @constant */
                        kind: "rsi";
                        /** @enum {string} */
                        op: "above" | "below";
                        level: number;
                        /** @default 14 */
                        period?: number;
                    } | {
                        /** @constant */
                        kind: "ma_cross";
                        /**
                         * @default sma
                         * @enum {string}
                         */
                        average?: "sma" | "ema";
                        fast: number;
                        slow: number;
                        /** @enum {string} */
                        direction: "above" | "below";
                    } | {
                        /** @constant */
                        kind: "sentiment";
                        /** @enum {string} */
                        op: "above" | "below";
                        level: number;
                    };
                    /** @description re-arm distance in the condition’s unit (default per kind: price/move 0.5, RSI 2, ma_cross 0.1 %) */
                    hysteresis?: number | null;
                    /** @default true */
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description The new rule */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "name": "string",
                     *       "symbol": "string",
                     *       "condition": null,
                     *       "description": "string",
                     *       "hysteresis": 1.5,
                     *       "enabled": true,
                     *       "state": {
                     *         "armed": true,
                     *         "value": 1.5,
                     *         "margin": 1.5,
                     *         "evaluatedAt": "string",
                     *         "firedAt": "string",
                     *         "fireCount": 1.5
                     *       },
                     *       "createdAt": "string",
                     *       "updatedAt": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        name: string | null;
                        symbol: string;
                        condition: unknown;
                        description: string;
                        hysteresis: number | null;
                        enabled: boolean;
                        state: {
                            armed: boolean | null;
                            value: number | null;
                            margin: number | null;
                            evaluatedAt: string | null;
                            firedAt: string | null;
                            fireCount: number;
                        };
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getAlert: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The rule */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "name": "string",
                     *       "symbol": "string",
                     *       "condition": null,
                     *       "description": "string",
                     *       "hysteresis": 1.5,
                     *       "enabled": true,
                     *       "state": {
                     *         "armed": true,
                     *         "value": 1.5,
                     *         "margin": 1.5,
                     *         "evaluatedAt": "string",
                     *         "firedAt": "string",
                     *         "fireCount": 1.5
                     *       },
                     *       "createdAt": "string",
                     *       "updatedAt": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        name: string | null;
                        symbol: string;
                        condition: unknown;
                        description: string;
                        hysteresis: number | null;
                        enabled: boolean;
                        state: {
                            armed: boolean | null;
                            value: number | null;
                            margin: number | null;
                            evaluatedAt: string | null;
                            firedAt: string | null;
                            fireCount: number;
                        };
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    deleteAlert: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    updateAlert: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "string",
                 *       "symbol": "AAPL",
                 *       "condition": {
                 *         "kind": "price",
                 *         "op": "above",
                 *         "level": 1.5
                 *       },
                 *       "hysteresis": 0,
                 *       "enabled": true
                 *     }
                 */
                "application/json": {
                    name?: string | null;
                    /** @example AAPL */
                    symbol?: string;
                    condition?: {
                        /** @constant */
                        kind: "price";
                        /** @enum {string} */
                        op: "above" | "below";
                        level: number;
                    } | {
                        /** @constant */
                        kind: "move";
                        /**
                         * @default either
                         * @enum {string}
                         */
                        direction?: "up" | "down" | "either";
                        percent: number;
                        /** @default 1 */
                        windowBars?: number;
                    } | {
                        /** @constant */
                        kind: "rsi";
                        /** @enum {string} */
                        op: "above" | "below";
                        level: number;
                        /** @default 14 */
                        period?: number;
                    } | {
                        /** @constant */
                        kind: "ma_cross";
                        /**
                         * @default sma
                         * @enum {string}
                         */
                        average?: "sma" | "ema";
                        fast: number;
                        slow: number;
                        /** @enum {string} */
                        direction: "above" | "below";
                    } | {
                        /** @constant */
                        kind: "sentiment";
                        /** @enum {string} */
                        op: "above" | "below";
                        level: number;
                    };
                    /** @description re-arm distance in the condition’s unit (default per kind: price/move 0.5, RSI 2, ma_cross 0.1 %) */
                    hysteresis?: number | null;
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description The updated rule */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "name": "string",
                     *       "symbol": "string",
                     *       "condition": null,
                     *       "description": "string",
                     *       "hysteresis": 1.5,
                     *       "enabled": true,
                     *       "state": {
                     *         "armed": true,
                     *         "value": 1.5,
                     *         "margin": 1.5,
                     *         "evaluatedAt": "string",
                     *         "firedAt": "string",
                     *         "fireCount": 1.5
                     *       },
                     *       "createdAt": "string",
                     *       "updatedAt": "string"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        name: string | null;
                        symbol: string;
                        condition: unknown;
                        description: string;
                        hysteresis: number | null;
                        enabled: boolean;
                        state: {
                            armed: boolean | null;
                            value: number | null;
                            margin: number | null;
                            evaluatedAt: string | null;
                            firedAt: string | null;
                            fireCount: number;
                        };
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    listAlertFirings: {
        parameters: {
            query?: {
                /** @description Most items in one page. */
                limit?: number;
                /** @description The `next_cursor` of the previous page (opaque, signed); not with `offset`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Items to skip (offset paging); not with `cursor`. */
                offset?: components["parameters"]["Offset"];
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of firings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "string",
                     *           "ruleId": "string",
                     *           "symbol": "string",
                     *           "message": "string",
                     *           "value": 1.5,
                     *           "price": 1.5,
                     *           "source": "tick",
                     *           "firedAt": "string"
                     *         }
                     *       ],
                     *       "has_more": true,
                     *       "next_cursor": "string",
                     *       "next_offset": -9007199254740991
                     *     }
                     */
                    "application/json": {
                        data: {
                            id: string;
                            ruleId: string;
                            symbol: string;
                            message: string;
                            value: number;
                            price: number;
                            /** @enum {string} */
                            source: "tick" | "bar" | "schedule";
                            firedAt: string;
                        }[];
                        has_more: boolean;
                        next_cursor: string | null;
                        /** @description offset paging: the offset of the next page */
                        next_offset?: number;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                owner?: string;
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The keys */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "string",
                     *           "owner": "string",
                     *           "name": "string",
                     *           "scopes": [
                     *             "read"
                     *           ],
                     *           "status": "active",
                     *           "createdAt": "string",
                     *           "expiresAt": "string",
                     *           "revokedAt": "string",
                     *           "lastUsedAt": "string",
                     *           "rotatedFrom": "string"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        data: {
                            /** @description the public id (the 12 characters after snk_) */
                            id: string;
                            owner: string;
                            name: string | null;
                            scopes: ("read" | "write" | "admin")[];
                            /** @enum {string} */
                            status: "active" | "expired" | "revoked";
                            createdAt: string;
                            expiresAt: string | null;
                            revokedAt: string | null;
                            /** @description updated at most every few seconds per instance */
                            lastUsedAt: string | null;
                            rotatedFrom: string | null;
                        }[];
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    createApiKey: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "owner": "string",
                 *       "scopes": [
                 *         "read"
                 *       ],
                 *       "name": "string",
                 *       "expiresIn": "30d"
                 *     }
                 */
                "application/json": {
                    owner: string;
                    scopes: ("read" | "write" | "admin")[];
                    name?: string;
                    /**
                     * @description a lifetime such as 90s, 15m, 12h, 30d, 8w, 1y
                     * @example 30d
                     */
                    expiresIn?: string;
                };
            };
        };
        responses: {
            /** @description The new key, shown once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "owner": "string",
                     *       "name": "string",
                     *       "scopes": [
                     *         "read"
                     *       ],
                     *       "status": "active",
                     *       "createdAt": "string",
                     *       "expiresAt": "string",
                     *       "revokedAt": "string",
                     *       "lastUsedAt": "string",
                     *       "rotatedFrom": "string",
                     *       "key": "string"
                     *     }
                     */
                    "application/json": {
                        /** @description the public id (the 12 characters after snk_) */
                        id: string;
                        owner: string;
                        name: string | null;
                        scopes: ("read" | "write" | "admin")[];
                        /** @enum {string} */
                        status: "active" | "expired" | "revoked";
                        createdAt: string;
                        expiresAt: string | null;
                        revokedAt: string | null;
                        /** @description updated at most every few seconds per instance */
                        lastUsedAt: string | null;
                        rotatedFrom: string | null;
                        /** @description the whole key: shown this once, stored only as a hash */
                        key: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    rotateApiKey: {
        parameters: {
            query?: {
                /** @description a lifetime such as 90s, 15m, 12h, 30d, 8w, 1y */
                overlap?: string;
                /** @description a lifetime such as 90s, 15m, 12h, 30d, 8w, 1y */
                expiresIn?: string;
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The successor key, shown once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "owner": "string",
                     *       "name": "string",
                     *       "scopes": [
                     *         "read"
                     *       ],
                     *       "status": "active",
                     *       "createdAt": "string",
                     *       "expiresAt": "string",
                     *       "revokedAt": "string",
                     *       "lastUsedAt": "string",
                     *       "rotatedFrom": "string",
                     *       "key": "string"
                     *     }
                     */
                    "application/json": {
                        /** @description the public id (the 12 characters after snk_) */
                        id: string;
                        owner: string;
                        name: string | null;
                        scopes: ("read" | "write" | "admin")[];
                        /** @enum {string} */
                        status: "active" | "expired" | "revoked";
                        createdAt: string;
                        expiresAt: string | null;
                        revokedAt: string | null;
                        /** @description updated at most every few seconds per instance */
                        lastUsedAt: string | null;
                        rotatedFrom: string | null;
                        /** @description the whole key: shown this once, stored only as a hash */
                        key: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    revokeApiKey: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revoked key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "owner": "string",
                     *       "name": "string",
                     *       "scopes": [
                     *         "read"
                     *       ],
                     *       "status": "active",
                     *       "createdAt": "string",
                     *       "expiresAt": "string",
                     *       "revokedAt": "string",
                     *       "lastUsedAt": "string",
                     *       "rotatedFrom": "string"
                     *     }
                     */
                    "application/json": {
                        /** @description the public id (the 12 characters after snk_) */
                        id: string;
                        owner: string;
                        name: string | null;
                        scopes: ("read" | "write" | "admin")[];
                        /** @enum {string} */
                        status: "active" | "expired" | "revoked";
                        createdAt: string;
                        expiresAt: string | null;
                        revokedAt: string | null;
                        /** @description updated at most every few seconds per instance */
                        lastUsedAt: string | null;
                        rotatedFrom: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getPerformanceHealth: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The snapshot (members described in the README performance section) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example {} */
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            504: components["responses"]["Timeout"];
        };
    };
    getResourceMetrics: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The snapshot (members described in the README performance section) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example {} */
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            504: components["responses"]["Timeout"];
        };
    };
    getApiMetrics: {
        parameters: {
            query?: {
                window?: "1m" | "5m" | "1h";
                /** @description Most items in one page. */
                limit?: number;
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The snapshot (members described in the README performance section) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example {} */
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            504: components["responses"]["Timeout"];
        };
    };
    getDatabaseMetrics: {
        parameters: {
            query?: {
                window?: "1m" | "5m" | "1h";
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The snapshot (members described in the README performance section) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example {} */
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            504: components["responses"]["Timeout"];
        };
    };
    getCacheMetrics: {
        parameters: {
            query?: {
                window?: "1m" | "5m" | "1h";
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The snapshot (members described in the README performance section) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example {} */
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            504: components["responses"]["Timeout"];
        };
    };
    getTaskMetrics: {
        parameters: {
            query?: {
                window?: "1m" | "5m" | "1h";
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The snapshot (members described in the README performance section) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example {} */
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            504: components["responses"]["Timeout"];
        };
    };
    streamPerformanceMetrics: {
        parameters: {
            query?: {
                interval?: number;
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream: a `snapshot` event every interval */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example event: snapshot
                     *     data: {"point":{},"health":{"score":100}}
                     */
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            504: components["responses"]["Timeout"];
        };
    };
    getPerformanceReport: {
        parameters: {
            query?: {
                window?: "1m" | "5m";
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The snapshot (members described in the README performance section) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example {} */
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            504: components["responses"]["Timeout"];
        };
    };
    listPerformanceAlerts: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The snapshot (members described in the README performance section) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example {} */
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            504: components["responses"]["Timeout"];
        };
    };
    getPerformanceHistory: {
        parameters: {
            query?: {
                since?: number;
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The snapshot (members described in the README performance section) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example {} */
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            504: components["responses"]["Timeout"];
        };
    };
    getPerformanceDashboard: {
        parameters: {
            query?: never;
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description HTML page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example <!doctype html><title>SuperNova performance</title> */
                    "text/html": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            504: components["responses"]["Timeout"];
        };
    };
    getPrometheusMetrics: {
        parameters: {
            query?: never;
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text format 0.0.4 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example # TYPE http_requests_total counter
                     *     http_requests_total{route="/v1/symbols"} 42
                     */
                    "text/plain": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            504: components["responses"]["Timeout"];
        };
    };
    runBatch: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "requests": [
                 *         {
                 *           "method": "string",
                 *           "path": "/v1/symbols/AAPL"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    requests: {
                        id?: string;
                        method: string;
                        /** @example /v1/symbols/AAPL */
                        path: string;
                        headers?: {
                            [key: string]: string;
                        };
                        body?: unknown;
                    }[];
                };
            };
        };
        responses: {
            /** @description Each sub-request’s status, headers and body, in request order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "responses": [
                     *         {
                     *           "status": 1.5,
                     *           "headers": {},
                     *           "body": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        responses: {
                            id?: string;
                            status: number;
                            headers: {
                                [key: string]: string;
                            };
                            body: unknown;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: {
                /** @description Comma-separated fields to keep in a JSON answer (`a,b.c`; nested paths reach through objects and arrays, list envelopes select inside `data`); up to 100 fields. An unknown or malformed field is a 400. */
                fields?: components["parameters"]["Fields"];
            };
            header?: {
                /** @description An ETag from an earlier answer; a 304 without a body comes back while it still matches. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document; `servers` names the URL this deployment is reached at */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "openapi": "3.1.0",
                     *       "info": {
                     *         "title": "SuperNova API",
                     *         "version": "0.1.0"
                     *       },
                     *       "paths": {}
                     *     }
                     */
                    "application/json": {
                        openapi: string;
                        info: {
                            title: string;
                            version: string;
                        } & {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not modified: the If-None-Match ETag still matches (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            414: components["responses"]["UriTooLong"];
            500: components["responses"]["InternalError"];
            504: components["responses"]["Timeout"];
        };
    };
    getApiReference: {
        parameters: {
            query?: never;
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description HTML page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example <!doctype html><title>SuperNova API reference</title> */
                    "text/html": string;
                };
            };
            414: components["responses"]["UriTooLong"];
            500: components["responses"]["InternalError"];
            504: components["responses"]["Timeout"];
        };
    };
    getApiReferenceAsset: {
        parameters: {
            query?: never;
            header?: {
                /** @description Compression the client accepts (br, zstd, gzip, deflate); bodies over 1 KB are compressed. */
                "Accept-Encoding"?: components["parameters"]["AcceptEncoding"];
            };
            path: {
                asset: "swagger-ui.css" | "swagger-ui-bundle.js" | "favicon-32x32.png" | "init.js";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file, by its type */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example window.ui = SwaggerUIBundle({ url: "/openapi.json" }) */
                    "text/javascript": string;
                    /** @example .swagger-ui { font-family: sans-serif } */
                    "text/css": string;
                    /** @example  */
                    "image/png": string;
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
}
