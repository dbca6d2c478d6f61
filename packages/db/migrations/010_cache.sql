-- L3 of the tiered cache (packages/cache sqlL3): one row per key, text value (the cache's own record format,
-- compressed payloads already base64), tags for tag invalidation, expiry swept in the background and on read.
CREATE TABLE cache_entries (
  key         text PRIMARY KEY,
  value       text NOT NULL,
  tags        text[] NOT NULL DEFAULT '{}',
  expires_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cache_entries_expires_idx ON cache_entries (expires_at);
CREATE INDEX cache_entries_tags_idx ON cache_entries USING gin (tags);
