"""Reports as plain data (MessagePack) and back: the cache's entry format, which no load can
make run code.

Only the dataclasses named in ``CLASSES`` are rebuilt, by calling them with their fields;
anything else in an entry is an int, float, str, bytes, bool, None, list, tuple, dict or date.
A damaged or foreign entry fails to decode (``ValueError``) and is simply recomputed.
Tuples and lists stay distinct, strings keep surrogate escapes (file names that are not
UTF-8), and NumPy scalars keep their type, so a decoded Report equals the one encoded.
"""
from __future__ import annotations

import dataclasses
import datetime
import operator
from typing import Any, Callable

import msgpack
import numpy as np

from .. import model
from ..model import (
    Cell,
    Document,
    Evidence,
    Finding,
    FollowUp,
    Item,
    OffsetMap,
    Recycled,
    Report,
    ScriptInfo,
    Section,
    Sentence,
    SourceRef,
    Table,
)
from .runner import gc_paused

# The classes an entry may hold; an entry names them by position, so append only (a change
# of this list changes the code fingerprint, which keys every entry anyway).
CLASSES: tuple[type, ...] = (Report, Document, OffsetMap, ScriptInfo, Section, Sentence, Item, Evidence, Finding,
                             SourceRef, Recycled, FollowUp, Cell, Table)
_FIELDS = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in CLASSES}
_INDEX = {cls: i for i, cls in enumerate(CLASSES)}


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The fields of an object as a tuple, read in C (``attrgetter``): packing calls this for
    every object of an entry, a few hundred per report."""
    get = operator.attrgetter(*names)
    return get if len(names) > 1 else (lambda value: (get(value),))


_GET = {cls: _getter(names) for cls, names in _FIELDS.items()}
# Built as their pickles are, by the constructors that share their repeated labels (a corpus
# run holds hundreds of sentences and cells per report, naming a handful of sections and rows).
_BUILD: tuple[Any, ...] = tuple({Sentence: model._sentence, Cell: model._cell}.get(cls, cls) for cls in CLASSES)
# Ext type codes: markers heading an array (what kind of value the array stands for), and dates.
# A tuple of cells or of sentences (hundreds per report) is stored by field, a list per field
# ("columns"): a few arrays to read back instead of one per cell or sentence.
_OBJECT, _TUPLE, _NUMPY, _SET, _FROZENSET, _DATE, _CELLS, _SENTENCES = 1, 2, 3, 4, 5, 6, 7, 8
_COLUMNS = {Cell: _CELLS, Sentence: _SENTENCES}


class _Marker:
    """The decoded form of an array's leading marker (never part of a decoded value)."""

    def __init__(self, code: int) -> None:
        self.code = code


_MARKS = {code: msgpack.ExtType(code, b"") for code in (_OBJECT, _TUPLE, _NUMPY, _SET, _FROZENSET, _CELLS, _SENTENCES)}
_DECODED_MARKS = {code: _Marker(code) for code in _MARKS}


def _default(value: Any) -> Any:
    """What msgpack cannot pack by itself (strict types: tuples and subclasses come here too)."""
    cls = type(value)
    index = _INDEX.get(cls)
    if index is not None:
        return [_MARKS[_OBJECT], index, *_GET[cls](value)]
    if cls is tuple:
        first: type = value[0].__class__ if value else tuple
        columns = _COLUMNS.get(first)
        if columns is not None and all(v.__class__ is first for v in value):
            return [_MARKS[columns], *map(list, zip(*map(_GET[first], value)))]
        return [_MARKS[_TUPLE], *value]
    if isinstance(value, np.generic):
        return [_MARKS[_NUMPY], value.dtype.str, value.item()]
    if cls is datetime.date:
        return msgpack.ExtType(_DATE, value.isoformat().encode())
    if cls is frozenset:
        return [_MARKS[_FROZENSET], *value]
    if cls is set:
        return [_MARKS[_SET], *value]
    raise TypeError(f"cannot store a {cls.__module__}.{cls.__qualname__} in the cache")


def _ext(code: int, data: bytes) -> Any:
    marker = _DECODED_MARKS.get(code)
    if marker is not None and not data:
        return marker
    if code == _DATE:
        return datetime.date.fromisoformat(data.decode())
    raise ValueError(f"unknown value of type {code} in a cache entry")


def _array(items: list[Any]) -> Any:
    """An array back to the value it stood for: a list, or what its leading marker names (the
    marker dropped in place: no copy of the array)."""
    if not items or items[0].__class__ is not _Marker:
        return items
    code = items[0].code
    if code == _TUPLE:
        del items[0]
        return tuple(items)
    if code == _OBJECT:
        build = _BUILD[items[1]]
        del items[:2]
        return build(*items)
    if code == _CELLS or code == _SENTENCES:
        del items[0]
        if len(set(map(len, items))) != 1:
            raise ValueError("columns of unequal length in a cache entry")
        return tuple(map(_BUILD[_INDEX[Cell if code == _CELLS else Sentence]], *items))
    if code == _NUMPY:
        return np.dtype(items[1]).type(items[2])
    return (frozenset if code == _FROZENSET else set)(items[1:])


def encode(value: Any) -> bytes:
    """``value`` as MessagePack bytes; ``TypeError`` for a value outside the allowed kinds."""
    return msgpack.packb(value, default=_default, strict_types=True, use_bin_type=True,
                         unicode_errors="surrogatepass")  # type: ignore[no-any-return]


def decode(data: bytes) -> Any:
    """The value ``encode`` gave ``data`` for; ``ValueError`` when the bytes are not such an entry."""
    try:
        with gc_paused():  # thousands of small containers, none in a cycle: collections would only rescan them
            return msgpack.unpackb(data, list_hook=_array, ext_hook=_ext, raw=False, strict_map_key=False,
                                   unicode_errors="surrogatepass")
    except (ValueError, TypeError, IndexError, KeyError, msgpack.UnpackException) as exc:
        raise ValueError(f"not a textkit cache entry ({type(exc).__name__}: {exc})") from exc
