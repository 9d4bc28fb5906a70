"""What a stage after the rule engine returns (``mxlint.stages.serial``, ``mxlint.stages.online``).

Those stages need more than the loaded files (a git base revision, the network), so they run
once for the whole run rather than per zone inside the engine. Their rules are still ordinary
registered rules (documentation, ``--enable``/``--disable``, configured levels): a stage asks
:func:`level` whether a rule is on and turns its findings into diagnostics with :func:`stamp`,
exactly as the engine does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mxlint.check.engine import RuleSetting, _stamp, effective_level
from mxlint.check.registry import Registry
from mxlint.model import Diagnostic, Finding


class StageResult:
    """Diagnostics, and notes to say once on stderr (such as "not applicable here")."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.notes: list[str] = []


def level(registry: Registry, settings: Mapping[str, RuleSetting], code: str) -> str:
    """The rule's effective level, ``off`` if it is switched off (or not registered)."""
    r = registry.get(code)
    return "off" if r is None else effective_level(r, settings.get(code))


def stamp(
    registry: Registry,
    settings: Mapping[str, RuleSetting],
    code: str,
    findings: Iterable[Finding],
) -> list[Diagnostic]:
    """Findings of rule ``code`` as diagnostics at its effective level (none if it is off)."""
    r = registry.get(code)
    lvl = level(registry, settings, code)
    if r is None or lvl == "off":
        return []
    setting = settings.get(code)
    configured = setting is not None and setting.level is not None
    return [
        Diagnostic(
            f.path, f.line, f.column, _stamp(lvl, f.severity, configured), r.code, r.name, f.message
        )
        for f in findings
    ]
