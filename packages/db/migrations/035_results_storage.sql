-- Stored analytics results hold their long series packed as base64 strings (packages/api result-pack.ts), which
-- pglz barely shrinks: compressing them cost a third of each insert on embedded PGlite. Stored out of line
-- uncompressed instead (EXTERNAL); short documents stay inline as before.
ALTER TABLE results ALTER COLUMN result SET STORAGE EXTERNAL;
ALTER TABLE results ALTER COLUMN extra SET STORAGE EXTERNAL;
-- The same for the cache's SQL tier: payloads above 1 KB arrive deflated and base64-encoded (or as raw bytes in
-- base64), which pglz cannot shrink by the quarter it needs, after trying.
ALTER TABLE cache_entries ALTER COLUMN value SET STORAGE EXTERNAL;
