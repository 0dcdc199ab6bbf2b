"""A report's file with its title cut out, as scraped bodies and archives keep it."""
from __future__ import annotations

import re


def without_title(data: bytes, titles: list[str]) -> bytes:
    """``data`` with every occurrence of each title removed, also where the title wraps across
    lines or has spaces in it (``青禾县\\n2024 年…``); the file's encoding is kept."""
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    for title in sorted(filter(None, titles), key=len, reverse=True):
        pattern = r"\s*".join(re.escape(c) for c in re.sub(r"\s", "", title))
        text = re.sub(pattern, "", text)
    return text.encode(encoding)
