"""Knot: the YAML-like ``knot.conf`` layout Knot documents, with templates, ``storage`` and the
zone file formatters."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import dns.name

from mxlint.identity.conf.common import Reader, ZoneDecl, join, zone_origin

_KNOT_LINE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<dash>-[ \t]+)?(?P<key>[A-Za-z0-9_-]+)[ \t]*:(?:[ \t]+(?P<value>.*))?$"
)


@dataclass
class _KnotItem:
    values: dict[str, str]
    path: str
    line: int


def _knot_strip(line: str) -> str:
    """The line without its comment (a # outside quotes, at the start or after a blank)."""
    quoted = False
    for i, c in enumerate(line):
        if c == '"' and (i == 0 or line[i - 1] != "\\"):
            quoted = not quoted
        elif c == "#" and not quoted and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


def _knot_value(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        return raw[1:-1]
    if raw.startswith("[") and raw.endswith("]"):
        first = raw[1:-1].split(",")[0].strip()
        return _knot_value(first)
    return raw


# The sections of knot.conf (Knot DNS 3.0 to 3.4), and its modules' "mod-*".
_SECTIONS = frozenset(
    {
        "acl",
        "control",
        "database",
        "dnsproxy",
        "include",
        "key",
        "keystore",
        "log",
        "module",
        "policy",
        "remote",
        "remotes",
        "server",
        "statistics",
        "submission",
        "template",
        "xdp",
        "zone",
    }
)


def _shape(text: str) -> str | None:
    """Why Knot would not read ``text`` as configuration: a line at the
    top level that is no section of knot.conf (a YAML playbook's ``- hosts:``)."""
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = _knot_strip(raw)
        if not line.strip() or line[0] in " \t":
            continue
        m = _KNOT_LINE.match(line)
        key = m.group("key") if m is not None and not m.group("dash") else None
        if key is None or not (key in _SECTIONS or key.startswith("mod-")):
            return f"not Knot configuration syntax (line {lineno}: {line.strip()[:40]!r})"
    return None


def _knot_file(
    path: str,
    reader: Reader,
    sections: dict[str, list[_KnotItem]],
    stack: list[str],
    where: tuple[str, int] | None,
) -> None:
    text = reader.load(path, where, _shape)
    if text is None:
        return
    stack = [*stack, os.path.realpath(path)]
    section = ""
    item: _KnotItem | None = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = _knot_strip(raw)
        if not line.strip():
            continue
        m = _KNOT_LINE.match(line)
        if m is None:
            if line.strip().startswith("-"):
                item = None
            continue
        key, value = m.group("key"), m.group("value")
        top = not m.group("indent") and not m.group("dash")
        if top:
            item = None
            section = key if value is None else ""
            if key == "include" and value is not None:
                target = _knot_value(value)
                bases = [os.path.dirname(path) or "."]
                for f in reader.includes(target, bases, path, lineno, stack, "include:"):
                    _knot_file(f, reader, sections, stack, (path, lineno))
            continue
        if section not in ("zone", "template"):
            continue
        if m.group("dash"):
            item = _KnotItem({}, path, lineno)
            sections.setdefault(section, []).append(item)
        if item is not None and value is not None:
            item.values.setdefault(key, _knot_value(value))


def parse_knot(path: str, reader: Reader) -> list[ZoneDecl]:
    sections: dict[str, list[_KnotItem]] = {}
    _knot_file(path, reader, sections, [], None)
    templates = {t.values["id"]: t for t in sections.get("template", []) if "id" in t.values}
    default = templates.get("default")
    out = []
    for z in sections.get("zone", []):
        domain = z.values.get("domain")
        if domain is None:
            reader.problem(z.path, z.line, "zone item without domain:")
            continue
        origin = zone_origin(domain, z.path, z.line, reader)
        if origin is None:
            continue
        tname = z.values.get("template")
        template = default
        if tname is not None:
            template = templates.get(tname)
            if template is None:
                reader.problem(z.path, z.line, f'template "{tname}" is not defined')
        tvalues = template.values if template else {}

        def get(
            key: str, values: dict[str, str] = z.values, tv: dict[str, str] = tvalues
        ) -> str | None:
            return values.get(key, tv.get(key))

        raw = get("file")
        storage = get("storage") or "/var/lib/knot"
        file = join(storage, knot_expand(raw if raw is not None else "%s.zone", origin))
        secondary = any(get(k) for k in ("master", "primary"))
        out.append(
            ZoneDecl(
                origin=origin,
                file=file,
                kind="secondary" if secondary else "primary",
                server="knot",
                conf=z.path,
                line=z.line,
                file_raw=raw,
            )
        )
    return out


_KNOT_FORMAT = re.compile(r"%(?:c\[(\d+)(?:-(\d+))?\]|l\[(\d+)\]|(.)|$)")


def knot_expand(template: str, origin: dns.name.Name) -> str:
    """Knot's zone ``file`` formatters, as knot.conf(5) documents them."""
    text = origin.to_text().lower()  # with the final dot: %c counts it
    plain = origin.to_text(omit_final_dot=True).lower() if origin != dns.name.root else ""
    labels = [lab for lab in origin.labels if lab]

    def sub(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            first = int(m.group(1))
            last = int(m.group(2)) if m.group(2) is not None else first
            return text[first : last + 1]
        if m.group(3) is not None:
            i = int(m.group(3))
            if i >= len(labels):
                return ""
            return dns.name.Name([labels[-1 - i]]).to_text(omit_final_dot=True).lower()
        other = m.group(4)
        if other == "s":
            return plain
        if other == "%":
            return "%"
        return ""

    return _KNOT_FORMAT.sub(sub, template)
