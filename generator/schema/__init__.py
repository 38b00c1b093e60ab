"""The record kinds: one strict pydantic class per kind, and the JSON Schema made from them.

- ``records``: the classes (every field described, unknown fields refused).
- ``kinds``: where each kind lives under catalog/ and how its id is read from the path.
- ``units``: sizes and counts as people write them.
- ``jsonschema``: the editor schema files' text.
"""
