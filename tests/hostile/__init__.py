"""Hostile input: records from strangers must stay data, never become code, markup or a crash.

``corpus`` holds the payloads, ``inject`` puts them into every string field of every kind
(enumerated from the pydantic models) and finds which ones the validator accepts.
"""
