"""Stage 3, comparing reports: number masking, sentence vectors, cross-body templates, carried-over text, follow-up, stale years."""
