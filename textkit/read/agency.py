"""Names of reporting bodies: the key that groups one body's reports across years and scripts."""
from __future__ import annotations

import re

from .normalize import to_simplified

_SUFFIX = re.compile(r"(人民政府|管委会|管理委员会|党工委|办公室|政府)$")


def body_key(agency: str | None) -> str:
    """A grouping key for one reporting body, tolerant of name variants and script.

    >>> body_key("平潭综合实验区管委会") == body_key("平潭综合实验区") == body_key(" 平潭綜合實驗區 ")
    True
    >>> body_key("平潭縣人民政府")
    '平潭县'
    """
    if not agency:
        return ""
    name = re.sub(r"\s", "", to_simplified(agency))
    while True:
        stripped = _SUFFIX.sub("", name)
        if stripped == name or not stripped:
            return name
        name = stripped
