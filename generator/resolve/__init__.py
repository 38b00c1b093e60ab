"""Everything derived from the checked catalog: lineage, effective licenses, files per model,
scores by benchmark and setting, translation coverage. Pure functions of the catalog, sorted
so that output is deterministic.
"""
