"""Chinese word segmentation (jieba) shared by the goods search index and the admin search.

Chinese has no spaces between words, so a tokenizer that splits on spaces sees "丹东草莓" as
one word and a search for "草莓" misses it. jieba cuts it into 丹东 / 草莓 (and, for search,
the overlapping pieces too).
"""

from __future__ import annotations

import logging

import jieba

jieba.setLogLevel(logging.WARNING)


def search_terms(text: str) -> list[str]:
    """Words of ``text`` for indexing: every plausible word, overlapping, no blanks."""
    return [word for word in jieba.cut_for_search(text or "") if word.strip()]
