"""Checking the catalog as a whole: rules that need more than one record.

``check(catalog)`` returns every problem (dangling references, lineage cycles, scores out of
range, repeated entries); the pipeline calls it after ``generator.read``.
"""

from generator.check.references import check

__all__ = ["check"]
