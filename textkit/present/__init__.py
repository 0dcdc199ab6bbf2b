"""Stage 6, presenting: labels, digests, terminal, summary, HTML, JSON/CSV export and DataFrames."""
