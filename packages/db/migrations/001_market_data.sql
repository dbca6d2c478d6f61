CREATE TABLE symbols (
  symbol      text PRIMARY KEY,
  name        text NOT NULL,
  sector      text NOT NULL,
  exchange    text NOT NULL DEFAULT 'SYNTH',
  currency    text NOT NULL DEFAULT 'USD',
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX symbols_sector_idx ON symbols (sector, symbol);

CREATE TABLE bars (
  symbol  text NOT NULL REFERENCES symbols (symbol) ON DELETE CASCADE,
  date    date NOT NULL,
  open    float8 NOT NULL,
  high    float8 NOT NULL,
  low     float8 NOT NULL,
  close   float8 NOT NULL,
  volume  float8 NOT NULL,
  PRIMARY KEY (symbol, date)
);
