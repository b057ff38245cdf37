"""Accent folding for search and sorting.

``fold("HẢI PHÒNG") == fold("hai phong") == "hai phong"`` and ``đ`` folds to ``d``.
Every searchable model keeps a ``*_folded`` column filled on write; searches fold the
query the same way and use ``LIKE``, so the behaviour is identical on SQLite and PostgreSQL
(neither needs an extension such as ``unaccent``).
"""
from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss"})
_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics (Vietnamese tones and marks), collapse spaces.

    Non-Latin scripts (Korean Hangul, for one) are kept, normalised to NFC, so
    ``fold("김민준") == "김민준"``.
    """
    if not text:
        return ""
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.translate(_SPECIAL)
    out = unicodedata.normalize("NFC", stripped).casefold()
    return _SPACES.sub(" ", out).strip()


def like_pattern(query: str | None) -> str | None:
    """A LIKE pattern for a user query (folded, wildcards escaped), or None for no filter."""
    q = fold(query)
    if not q:
        return None
    q = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{q}%"


def search_filter(column, query: str | None):
    """A SQLAlchemy condition matching ``query`` against a folded column (None if no query).

    Several words must all match, in any order: "phong hai" finds "Hải Phòng".
    """
    from sqlalchemy import and_

    words = fold(query).split()
    if not words:
        return None
    conds = []
    for w in words:
        pat = "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conds.append(column.like(pat, escape="\\"))
    return and_(*conds)
