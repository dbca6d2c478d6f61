CREATE TABLE profiles (
  id          text PRIMARY KEY,
  name        text,
  answers     jsonb NOT NULL,
  risk_score  int4 NOT NULL CHECK (risk_score BETWEEN 0 AND 100),
  profile     text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE watchlists (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  owner       text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX watchlists_created_idx ON watchlists (created_at, id);

CREATE TABLE watchlist_items (
  watchlist_id  text NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
  symbol        text NOT NULL REFERENCES symbols (symbol) ON DELETE CASCADE,
  added_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (watchlist_id, symbol)
);
