-- Stored analytics results hold their long series packed as base64 strings (packages/api result-pack.ts), which
-- pglz barely shrinks: compressing them cost a third of each insert on embedded PGlite. Stored out of line
-- uncompressed instead (EXTERNAL); short documents stay inline as before.
ALTER TABLE results ALTER COLUMN result SET STORAGE EXTERNAL;
ALTER TABLE results ALTER COLUMN extra SET STORAGE EXTERNAL;
