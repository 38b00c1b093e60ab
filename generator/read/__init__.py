"""Reading the catalog: files found by path, YAML with positions and limits, each record
checked against its kind's schema. Returns records and problems; never raises on bad input.

- ``discover``: record files under catalog/ and their ids (the id is the path).
- ``files``: reading one file: regular files only, never through a link, bounded.
- ``yamlsource``: positioned, bounded YAML.
- ``records``: one file to one record, pydantic errors as contributor sentences.
- ``history``: when the catalog last changed (git).
"""

from generator.read.records import read, read_record

__all__ = ["read", "read_record"]
