-- Every user-owned row names its owner (an account id, or a JWT subject). Rows written before identity existed
-- belong to the local owner, the one the quick start acts as. Watchlist items belong to their watchlist.
ALTER TABLE profiles ADD COLUMN owner text NOT NULL DEFAULT 'local';
CREATE INDEX profiles_owner_idx ON profiles (owner, id);

UPDATE watchlists SET owner = 'local' WHERE owner IS NULL;
ALTER TABLE watchlists ALTER COLUMN owner SET DEFAULT 'local';
ALTER TABLE watchlists ALTER COLUMN owner SET NOT NULL;
-- Lists page by (created_at, id) within one owner.
CREATE INDEX watchlists_owner_created_idx ON watchlists (owner, created_at, id);

ALTER TABLE tasks ADD COLUMN owner text NOT NULL DEFAULT 'local';
CREATE INDEX tasks_owner_list_idx ON tasks (owner, created_at, id);
-- Idempotency keys are the client's own names: two owners may pick the same one without seeing each other's task.
ALTER TABLE tasks DROP CONSTRAINT tasks_idempotency_key_key;
ALTER TABLE tasks ADD CONSTRAINT tasks_owner_idempotency_key UNIQUE (owner, idempotency_key);
