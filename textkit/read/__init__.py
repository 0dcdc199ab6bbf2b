"""Stage 1, reading: bytes to a Document (decoding, HTML to text, metadata, script, the report body)."""
