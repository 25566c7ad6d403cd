"""Reading JSON and JSON Lines into a raw table (called by :mod:`framing.load.readers`).

JSON is a top-level array of objects, JSON Lines one object per line. Besides syntax errors, two
inputs that ``json`` itself cannot read get a clear ArticleSetError: nesting deeper than Python's
recursion limit, and an integer longer than ``sys.get_int_max_str_digits()`` (4,300 digits; write
such ids as strings).

>>> read_jsonl('{"id": 1, "text": "Talks."}\\n', name="a.jsonl")[1]
['line 1']
"""

from __future__ import annotations

import bisect
import json
import re
import sys
from typing import Any

import pandas as pd

from framing.errors import ArticleSetError, first_few, quoted


def read_json(content: str, *, name: str) -> tuple[pd.DataFrame, list[str]]:
    """A top-level JSON array of objects: the table and the line on which each object starts."""
    try:
        data = _json_value(content, name=name)
    except json.JSONDecodeError as error:
        hint = ("; it looks like JSON Lines (one object per line): name the file .jsonl or pass format='jsonl'"
                if error.msg == "Extra data" else "")
        raise ArticleSetError(f"{name}:{error.lineno}:{error.colno}: malformed JSON ({error.msg}){hint}") from None
    if not isinstance(data, list):
        keys = f" with keys {', '.join(quoted(k) for k in list(data)[:10])}" if isinstance(data, dict) else ""
        raise ArticleSetError(f"{name}: expected a JSON array of article objects, found a "
                              f"{type(data).__name__}{keys}; put the articles in a top-level [...] array")
    lines = _json_item_lines(content)
    bad = [i for i, item in enumerate(data) if not isinstance(item, dict)]
    if bad:
        listed = ", ".join(f"line {lines[i]} ({type(data[i]).__name__})" for i in bad[:5])
        raise ArticleSetError(f"{name}:{lines[bad[0]]}: {len(bad)} array item(s) are not objects: {listed}; "
                              f"each article must be an object like {{\"id\": ..., \"text\": ...}}")
    return pd.DataFrame.from_records(data) if data else pd.DataFrame(), [f"line {n}" for n in lines]


def _json_value(content: str, *, name: str, line: int | None = None) -> Any:
    """``json.loads``, with the two ways it fails other than a syntax error turned into ArticleSetError."""
    try:
        return json.loads(content)
    except RecursionError:
        where = name if line is None else f"{name}:{line}"
        raise ArticleSetError(f"{where}: JSON nested too deeply for Python to read (about "
                              f"{sys.getrecursionlimit()} levels or more); store each article as a flat "
                              f"object of fields") from None
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer longer than sys.get_int_max_str_digits()
        long_number = re.search(r"\d{%d,}" % (sys.get_int_max_str_digits() + 1), content)
        if long_number is None:
            raise
        line = (line or 1) + content.count("\n", 0, long_number.start())
        column = long_number.start() - (content.rfind("\n", 0, long_number.start()) + 1) + 1
        raise ArticleSetError(f"{name}:{line}:{column}: a number with {len(long_number.group())} digits (Python reads "
                              f"at most {sys.get_int_max_str_digits()}); write it as a string in quotes, e.g. an id "
                              f'"{long_number.group()[:12]}…"') from None


def _json_item_lines(content: str) -> list[int]:
    """The line on which each item of a (valid) top-level JSON array starts."""
    decoder = json.JSONDecoder()
    newlines = [m.start() for m in re.finditer("\n", content)]
    space = re.compile(r"[ \t\n\r]*")
    position = space.match(content, 0).end() + 1  # past '['
    lines: list[int] = []
    while True:
        position = space.match(content, position).end()
        if content[position] == "]":
            return lines
        lines.append(bisect.bisect_left(newlines, position) + 1)
        _, position = decoder.raw_decode(content, position)
        position = space.match(content, position).end()
        if content[position] == ",":
            position += 1


def read_jsonl(content: str, *, name: str) -> tuple[pd.DataFrame, list[str]]:
    """JSON Lines, one object per line: the table and each object's line."""
    records: list[dict] = []
    locations: list[str] = []
    bad: list[tuple[int, str]] = []
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = _json_value(line, name=name, line=number)
        except json.JSONDecodeError as error:
            bad.append((number, f"{error.msg.removesuffix(' at')} at column {error.colno}"))
            continue
        if not isinstance(value, dict):
            bad.append((number, f"a {type(value).__name__}, not an object"))
            continue
        records.append(value)
        locations.append(f"line {number}")
    if bad:
        listed = first_few([f"line {line}: {why}" for line, why in bad], "; ")
        raise ArticleSetError(
            f"{name}:{bad[0][0]}: malformed JSON Lines ({listed}); {len(bad)} line(s) malformed, "
            f"{len(records)} line(s) fine. Each line must be one complete JSON object")
    return pd.DataFrame.from_records(records) if records else pd.DataFrame(), locations
