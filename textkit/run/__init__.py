"""Stage 5, running: the per-report pipeline, corpus discovery, workers, per-body linking and the cache."""
