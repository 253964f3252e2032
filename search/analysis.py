"""Chinese word segmentation (jieba) for the goods search index.

Chinese has no spaces between words, so a tokenizer that splits on spaces sees "丹东草莓" as
one word and a search for "草莓" misses it. jieba cuts it into 丹东 / 草莓 (and, for search,
the overlapping pieces too). ``ChineseAnalyzer`` is the Whoosh analyzer of the shop's goods
index (``search/whoosh_backend.py``).
"""

from __future__ import annotations

import logging

import jieba
from whoosh.analysis import CompositeAnalyzer, LowercaseFilter, Token, Tokenizer

jieba.setLogLevel(logging.WARNING)


class ChineseTokenizer(Tokenizer):
    """A Whoosh tokenizer that cuts text with jieba's search mode.

    Search mode gives the overlapping pieces of long words too (新西兰 → 西兰, 新西兰), so a
    shorter word inside a longer name is found. Whitespace and punctuation are dropped.
    Positions count the tokens kept; chars are the word's offsets in the original text.
    """

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        pos = start_pos
        for word, start, end in jieba.tokenize(value or "", mode="search"):
            if not any(ch.isalnum() for ch in word):
                continue
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = pos
                pos += 1
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def ChineseAnalyzer() -> CompositeAnalyzer:  # noqa: N802 (named like Whoosh's analyzers)
    """jieba words, lowercased (so "Kiwi" and "kiwi" match)."""
    return ChineseTokenizer() | LowercaseFilter()
