"""Stage 2, analysing one report: sections, enumeration markers, sentences, words, items and tables."""
