"""The integrity snapshot on its own: every way of rebinding a name in a module or a class is reported and put back,
with CPython's dict version tags (the fast path) and without them (name-by-name comparisons only)."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable

import pytest
import torch

from grader.engine import dict_versions
from grader.engine.integrity import Namespace, Snapshot, changes, restore


@pytest.fixture(params=["version tags", "names only"])
def tags(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    if request.param == "names only":
        monkeypatch.setattr(dict_versions, "_WORKS", False)
    return request.param == "version tags"


def probes() -> tuple[types.ModuleType, type, Snapshot]:
    module = types.ModuleType("probe")
    module.compare, module.report = max, print

    class Probe:
        def check(self) -> bool:
            return True

        size = staticmethod(len)

    return module, Probe, {"probe": Namespace(module), "probe.Probe": Namespace(Probe)}


CHANGES: dict[str, tuple[Callable[[types.ModuleType, type], None], list[str]]] = {
    "setattr on a module": (lambda m, c: setattr(m, "compare", min), ["probe.compare"]),
    "a module's dict written": (lambda m, c: vars(m).__setitem__("report", repr), ["probe.report"]),
    "a name deleted": (lambda m, c: delattr(m, "compare"), ["probe.compare"]),
    "a function added": (lambda m, c: setattr(m, "extra", abs), ["probe.extra"]),
    "a method replaced": (lambda m, c: setattr(c, "check", lambda self: False), ["probe.Probe.check"]),
    "a class attribute deleted": (lambda m, c: delattr(c, "size"), ["probe.Probe.size"]),
    "a dunder added to a class": (lambda m, c: setattr(c, "__eq__", lambda a, b: True), ["probe.Probe.__eq__"]),
}


@pytest.mark.parametrize("how", CHANGES)
def test_every_kind_of_change_is_reported_and_put_back(tags, how):
    module, probe, snapshot = probes()
    change, names = CHANGES[how]
    assert changes(snapshot) == []
    change(module, probe)
    assert changes(snapshot) == names
    restore(snapshot)
    assert changes(snapshot) == []
    assert (module.compare, module.report, probe.size, probe().check()) == (max, print, len, True)
    change(module, probe)  # again, after a look that found nothing: the fast path must not hide it
    assert changes(snapshot) == names


def test_a_change_undone_before_the_look_is_no_change(tags):
    module, probe, snapshot = probes()
    module.compare = min
    module.compare = max
    probe.check = probe.check
    assert changes(snapshot) == []


def test_caches_and_submodules_filled_in_are_not_changes_and_are_watched_from_then_on(tags):
    module, probe, snapshot = probes()
    module.calls, probe.__slotnames__, module.sub = 3, [], types.ModuleType("probe.sub")
    assert changes(snapshot) == []
    module.sub = print
    assert changes(snapshot) == ["probe.sub"]


@pytest.mark.skipif(
    sys.implementation.name != "cpython" or not (3, 10) <= sys.version_info[:2] <= (3, 13),
    reason="dict version tags are read on CPython 3.10-3.13 only",
)
def test_version_tags_are_read_on_this_interpreter():
    assert dict_versions.tag(torch) is not None
    assert dict_versions.tag(torch.Tensor) is not None
    reading = dict_versions.tag(types)
    before = reading.value
    types.prep_probe = 1
    try:
        assert reading.value != before
    finally:
        del types.prep_probe
