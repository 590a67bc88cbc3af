"""Reading listings in: files (JSONL, CSV, Parquet), and the safe fetcher for pages and photos."""
