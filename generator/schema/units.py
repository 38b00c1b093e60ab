"""Quantities as people write them ("4.77 GB", "7B"), normalised to plain integers.

Decimal units are powers of 1000 and binary units powers of 1024, as on Hugging Face
pages: "4.77 GB" is 4,770,000,000 bytes, "4 GiB" is 4,294,967,296 bytes.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B|B|bytes)\s*$", re.IGNORECASE)
_SIZE_UNITS = {
    "b": 1, "bytes": 1,
    "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
    "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40,
}
SIZE_PATTERN = r"^\s*\d+(\.\d+)?\s*([KMGTkmgt][iI]?[Bb]|[Bb]|bytes)\s*$"

_COUNT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMBT])\s*$", re.IGNORECASE)
_COUNT_UNITS = {"k": 10**3, "m": 10**6, "b": 10**9, "t": 10**12}
COUNT_PATTERN = r"^\s*\d+(\.\d+)?\s*[KMBTkmbt]\s*$"


def _scaled(number: str, factor: int) -> int:
    try:
        return int(Decimal(number) * factor)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only digits
        raise ValueError(number) from exc


def parse_size(text: str) -> int:
    """Bytes in a size written by a person.

    >>> parse_size("4.77 GB")
    4770000000
    >>> parse_size("512 MiB")
    536870912
    """
    match = _SIZE.match(text)
    if not match:
        raise ValueError(f"size {text!r} is not a number and unit such as '4.77 GB' or '512 MiB'")
    return _scaled(match.group(1), _SIZE_UNITS[match.group(2).lower()])


def parse_count(text: str) -> int:
    """A parameter count such as "7B" or "1.1B".

    >>> parse_count("1.1B")
    1100000000
    """
    match = _COUNT.match(text)
    if not match:
        raise ValueError(f"count {text!r} is not a number and unit such as '7B' or '350M'")
    return _scaled(match.group(1), _COUNT_UNITS[match.group(2).lower()])


def format_size(n: int) -> str:
    """Bytes as the catalog shows them, in decimal units with two decimals.

    >>> format_size(4770000000)
    '4.77 GB'
    """
    for unit, factor in (("TB", 10**12), ("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= factor:
            return f"{n / factor:.2f} {unit}"
    return f"{n} B"


def format_count(n: int) -> str:
    """A parameter count in the short form people use.

    >>> format_count(7000559616)
    '7.0B'
    >>> format_count(7000000000)
    '7B'
    """
    for unit, factor in (("T", 10**12), ("B", 10**9), ("M", 10**6), ("K", 10**3)):
        if n >= factor:
            value = n / factor
            return f"{value:g}{unit}" if n % (factor // 10) == 0 else f"{value:.1f}{unit}"
    return str(n)
