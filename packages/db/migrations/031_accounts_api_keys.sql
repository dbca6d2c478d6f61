-- Accounts and API keys. An account id is the `owner` every user-owned row stores ('local' is the quick start's
-- owner). A key is shown once as `snk_<id>_<secret>`: `id` is public (logs, rate limits, admin routes), only the
-- SHA-256 of the whole key is stored. Rotation inserts a new key (rotated_from names the old one) and shortens
-- the old key's expiry to the overlap; revocation stamps revoked_at (rows are kept for audit).
CREATE TABLE accounts (
  id          text PRIMARY KEY,
  name        text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO accounts (id, name) VALUES ('local', 'the local owner (no keys configured, loopback only)');

CREATE TABLE api_keys (
  id            text PRIMARY KEY CHECK (id ~ '^[a-z0-9]{12}$'),
  owner         text NOT NULL REFERENCES accounts (id),
  name          text,
  secret_hash   text NOT NULL,
  scopes        text[] NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'write', 'admin']::text[]),
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz,
  revoked_at    timestamptz,
  last_used_at  timestamptz,
  rotated_from  text REFERENCES api_keys (id)
);
CREATE INDEX api_keys_owner_idx ON api_keys (owner, created_at, id);
-- "Are there any usable keys?" decides whether local mode is on; this keeps it an index probe.
CREATE INDEX api_keys_active_idx ON api_keys (expires_at) WHERE revoked_at IS NULL;
