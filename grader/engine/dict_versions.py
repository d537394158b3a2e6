"""The version tag that CPython keeps in every dict (PEP 509): a number that changes whenever the dict changes.

The integrity check reads it to skip the namespaces nothing touched: one 8-byte read instead of comparing
hundreds of names. The tag is an implementation detail (the field after `ma_used` in `PyDictObject`, CPython
3.10-3.13), so `tag()` gives a reading only where a self-test at import finds that field behaving as described;
elsewhere (another interpreter, a debug or free-threaded build, a later CPython) it gives None and the check
compares each namespace name by name. A class's own dict hides behind its `mappingproxy`: it is read from the
type object, at the offset the self-test finds it at.
"""

from __future__ import annotations

import ctypes
import gc
import sys
import types

_WORD = ctypes.sizeof(ctypes.c_void_p)
_USED, _VERSION = 2 * _WORD, 3 * _WORD  # after the object header (refcount, type): ma_used, ma_version_tag


def _version_of(d: dict) -> ctypes.c_uint64:
    return ctypes.c_uint64.from_address(id(d) + _VERSION)


def _tag_works() -> bool:
    """The field changes on every kind of change, and the one before it counts the entries."""
    probe: dict[str, int] = {}
    used, version = ctypes.c_ssize_t.from_address(id(probe) + _USED), _version_of(probe)
    seen = [version.value]
    for change in (lambda: probe.update(a=1), lambda: probe.update(a=2), lambda: probe.setdefault("b", 3),
                   lambda: probe.pop("a"), lambda: probe.__delitem__("b"), lambda: probe.update(c=4)):  # fmt: skip
        change()
        seen.append(version.value)
    return used.value == len(probe) == 1 and len(set(seen)) == len(seen)


def _type_dict_offset() -> int | None:
    """Where a type object keeps the dict behind `vars(cls)` (`tp_dict`): the one word of two classes pointing to it."""
    found = []
    for probe in (type("Probe", (), {}), type("Probe", (dict,), {"x": 1})):
        (real,) = gc.get_referents(vars(probe))
        words = (ctypes.c_size_t * (type.__basicsize__ // _WORD)).from_address(id(probe))
        found.append([i * _WORD for i, word in enumerate(words) if word == id(real)])
    return found[0][0] if found[0] == found[1] and len(found[0]) == 1 else None


try:
    _WORKS = sys.implementation.name == "cpython" and _tag_works()
    _TYPE_DICT = _type_dict_offset() if _WORKS else None
except Exception:  # (anything unexpected: no tags, name-by-name comparisons only)
    _WORKS, _TYPE_DICT = False, None


def tag(namespace: object) -> ctypes.c_uint64 | None:
    """A live reading of the version of a module's or a class's own dict (`.value`); None where unavailable."""
    if not _WORKS:
        return None
    if isinstance(namespace, types.ModuleType):
        own = vars(namespace)
    elif isinstance(namespace, type) and _TYPE_DICT is not None:
        try:
            own = ctypes.py_object.from_address(id(namespace) + _TYPE_DICT).value
        except ValueError:  # (no dict yet)
            return None
    else:
        return None
    return _version_of(own) if type(own) is dict else None
