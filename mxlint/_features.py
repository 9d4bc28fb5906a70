"""dnspython's optional-feature probe, answered without importing ``importlib.metadata``.

``import dns.name`` asks ``dns._features.have("idna")``, and ``dns._features`` imports
``importlib.metadata`` (with email, zipfile, csv, ...) to read one version number: about a
third of the start-up of a run over a small zone. :func:`install` puts a stand-in module in
its place before dnspython is imported. The stand-in answers ``have("idna")`` the way the real
one would, from the ``idna-VERSION.dist-info`` folder on ``sys.path`` (the first one, as
``importlib.metadata.version`` finds it) and the requirement written in dnspython's own
``_features.py``; anything else, or anything it is not sure of, goes to the real module,
loaded on first use (and then the answers are the real module's).
``tests/test_features.py`` compares the stand-in's answers with the real module's.
"""

from __future__ import annotations

import os
import re
import sys
import types
from collections.abc import Callable
from typing import Any

from mxlint._patterns import lazy

_NAME = "dns._features"
_REQUIREMENT = re.compile(r'"idna"\s*:\s*\[\s*"idna\s*>=\s*([0-9][0-9.]*)"\s*\]')


# at first use (start-up: ~0.5M instructions)
_DIST_RE = lazy(r"idna-([0-9][^-]*?)\.(?:dist-info|egg-info)\Z", re.IGNORECASE)


def _tuple_from_text(version: str) -> tuple[int, ...]:
    """dnspython's version reading: the leading digits of each dotted part, up to the first
    part without any."""
    parts = []
    for text in version.split("."):
        digits = re.match(r"[0-9]*", text)
        if digits is None or not digits.group():
            break
        parts.append(int(digits.group()))
    return tuple(parts)


def _features_source() -> str | None:
    dns = sys.modules.get("dns")
    roots = [os.path.dirname(dns.__file__)] if dns is not None and dns.__file__ else []
    roots += [os.path.join(p or ".", "dns") for p in sys.path if isinstance(p, str)]
    for root in roots:
        try:
            with open(os.path.join(root, "_features.py"), encoding="utf-8") as f:
                return f.read()
        except OSError:
            continue
    return None


def idna_installed_version() -> str | bool | None:
    """The version of the first ``idna`` distribution on ``sys.path`` (as
    ``importlib.metadata.version`` finds it); None when there is none; False when this cannot
    be told cheaply (a zip on the path, an unreadable folder, an odd folder name)."""
    for entry in sys.path:
        folder = entry or "."
        if not os.path.isdir(folder):
            if os.path.exists(folder):
                return False  # a zip archive: importlib.metadata looks inside, we do not
            continue
        try:
            names = os.listdir(folder)
        except OSError:
            return False
        for name in names:
            if name[:5].lower() != "idna-":
                continue
            m = _DIST_RE.match(name)
            if m is None:
                return False
            return m.group(1)
    return None


def idna_answer() -> bool | None:
    """What ``dns._features.have("idna")`` says, or None when only the real module can tell."""
    source = _features_source()
    if source is None:
        return None
    found = _REQUIREMENT.findall(source)
    if len(found) != 1:
        return None
    version = idna_installed_version()
    if version is False:
        return None
    if version is None:
        return False
    assert isinstance(version, str)
    return _tuple_from_text(version) >= _tuple_from_text(found[0])


class _Features(types.ModuleType):
    """Stands in for ``dns._features`` until something other than ``have("idna")`` is asked."""

    _real: types.ModuleType | None = None
    _answers: dict[str, bool]

    def _load(self) -> types.ModuleType:
        if self._real is None:
            import importlib.util

            path = os.path.join(os.path.dirname(sys.modules["dns"].__file__ or ""), "_features.py")
            spec = importlib.util.spec_from_file_location(_NAME, path)
            assert spec is not None and spec.loader is not None
            real = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(real)
            real._cache.update(self._answers)  # what was answered stays answered
            self._real = real
        return self._real

    def have(self, feature: str) -> bool:
        if self._real is None and feature == "idna":
            answer = self._answers.get(feature)
            if answer is None:
                answer = idna_answer()
                if answer is not None:
                    self._answers[feature] = answer
                    return answer
            else:
                return answer
        have: Callable[[str], bool] = self._load().have
        return have(feature)

    def force(self, feature: str, enabled: bool) -> None:
        self._answers[feature] = enabled
        self._load().force(feature, enabled)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._load(), name)


def install() -> None:
    """Put the stand-in in place, unless dnspython's probe is already imported."""
    if _NAME in sys.modules or os.environ.get("MXLINT_REAL_DNS_FEATURES"):
        return
    try:
        import dns  # the package alone (its version): the stand-in must be its attribute
    except ImportError:
        return
    module = _Features(_NAME, __doc__)
    module._answers = {}
    sys.modules[_NAME] = module
    dns._features = module  # type: ignore[attr-defined]
