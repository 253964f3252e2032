"""Haystack's Whoosh engine with the jieba analyzer on every text field.

Haystack's own backend gives text fields Whoosh's ``StemmingAnalyzer``, which splits on spaces
and so sees a Chinese name as one word. This backend builds the same schema, then swaps the
analyzer of its text fields for ``search.analysis.ChineseAnalyzer``; the query parser reads
the schema, so queries are cut into words the same way as the documents.

In settings: ``"ENGINE": "search.whoosh_backend.ChineseWhooshEngine"``, with a ``"PATH"``.
"""

from haystack.backends.whoosh_backend import (
    WhooshEngine,
    WhooshSearchBackend,
    WhooshSearchQuery,
)
from whoosh.fields import TEXT

from .analysis import ChineseAnalyzer


class ChineseWhooshSearchBackend(WhooshSearchBackend):
    def search(self, query_string, start_offset=0, end_offset=None, **kwargs):
        """Haystack's search, right for a window that is not a whole Whoosh page too.

        Haystack asks Whoosh for page ``start // length + 1`` of ``length`` hits, which is the
        wrong window unless ``start`` is a multiple of ``length``: a paginator's short last
        page (hits 8-10 of 11, 4 a page) came back as hits 6-8. Such a window is read as the
        first ``end`` hits, less the first ``start``.
        """
        length = (end_offset or 0) - (start_offset or 0)
        if start_offset and end_offset and length > 0 and start_offset % length:
            results = super().search(query_string, start_offset=0, end_offset=end_offset, **kwargs)
            results["results"] = results["results"][start_offset:]
            return results
        return super().search(
            query_string, start_offset=start_offset, end_offset=end_offset, **kwargs
        )

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for _name, field in schema.items():
            if type(field) is TEXT:  # not NGRAM and friends, which have analyzers of their own
                field.analyzer = ChineseAnalyzer()
        return content_field_name, schema


class ChineseWhooshEngine(WhooshEngine):
    backend = ChineseWhooshSearchBackend
    query = WhooshSearchQuery
