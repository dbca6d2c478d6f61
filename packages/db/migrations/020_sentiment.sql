-- Scored texts per symbol. No foreign key to symbols: cashtags name tickers outside the sample universe.
CREATE TABLE sentiment_items (
  id          int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  symbol      text NOT NULL,
  ts          timestamptz NOT NULL,
  source      text NOT NULL,
  text_hash   text NOT NULL,
  label       text NOT NULL CHECK (label IN ('positive', 'negative', 'neutral')),
  score       float8 NOT NULL CHECK (score BETWEEN -1 AND 1),
  model       text NOT NULL,
  fallback    boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now()
);
-- Re-ingesting the same item is a no-op (ON CONFLICT DO NOTHING relies on this).
CREATE UNIQUE INDEX sentiment_items_dedupe_idx ON sentiment_items (symbol, source, text_hash, ts);
-- History and aggregates filter by symbol and a time range; label and score are included so the
-- per-bucket mean and label counts are answered from the index alone.
CREATE INDEX sentiment_items_symbol_ts_idx ON sentiment_items (symbol, ts) INCLUDE (label, score);
