"""The ``$`` directives of a zone file (:class:`DirectiveHandler`): ``$TTL``, ``$ORIGIN`` (as
it was meant), ``$INCLUDE`` (which file, whether it may be read, and the state it starts with)
and ``$GENERATE`` (its records); and the ``; mxlint:`` comments of each file read."""

from __future__ import annotations

import os
from collections.abc import Sequence

import dns.exception
import dns.name
import dns.rdataclass
import dns.tokenizer
import dns.ttl

from mxlint._dnspython import syntax_error as _syntax
from mxlint.model import (
    MX,
    Note,
    OriginFix,
    Token,
    Zone,
    owner_key,
)
from mxlint.zonefile.dialects import POWERDNS
from mxlint.zonefile.generate import (
    _DATE,
    _generate_class,
    _generate_range,
    _generate_text,
)
from mxlint.zonefile.includes import _inside, default_include_root, deployed
from mxlint.zonefile.reader import LimitExceeded, _read
from mxlint.zonefile.state import (
    Load,
    _clean_message,
    _pos,
    _SkipLine,
    _State,
    _word,
)
from mxlint.zonefile.statements import (
    _rdata_error,
    _rdtype,
    _read_rdata,
    _shape,
)
from mxlint.zonefile.suppressions import scan
from mxlint.zonefile.tokenizer import FastTokenizer

_IN = dns.rdataclass.IN


def _meant_origin(
    written: str, used: dns.name.Name, current: dns.name.Name
) -> dns.name.Name | None:
    """The name a relative ``$ORIGIN`` was meant as, when its expansion repeats the origin
    in force (``$ORIGIN dl.example.com`` under ``example.com.``), else None."""
    if written.endswith(".") or written == "@":
        return None
    tail = current.labels[:-1]
    n = len(used.labels) - len(current.labels)  # the labels written
    if not tail or n <= len(tail):
        return None
    written_labels = [label.lower() for label in used.labels[:n]]
    if written_labels[-len(tail) :] != [label.lower() for label in tail]:
        return None
    return dns.name.Name(used.labels[:n]).concatenate(dns.name.root)


def _directives(zone: Zone, path: str, text: str) -> None:
    """Keep the file's ``; mxlint:`` comments: scanned here, while the text is in memory."""
    if "mxlint:" in text:
        zone.directives[path] = scan(path, text)


class DirectiveHandler:
    """Reads the ``$`` directives: ``$TTL`` and ``$ORIGIN`` change the state of the file,
    ``$INCLUDE`` starts reading another file, ``$GENERATE`` makes its records."""

    def __init__(
        self, load: Load, include_roots: Sequence[str] | None, extra_roots: Sequence[str]
    ) -> None:
        self.load = load
        self._include_roots = list(include_roots) if include_roots is not None else None
        self._extra_roots = [os.path.realpath(r) for r in extra_roots]
        self.generated = 0  # records the $GENERATE lines made so far (one bound for all)

    def include_roots(self) -> list[str]:
        if self._include_roots is None:
            self._include_roots = [default_include_root(self.load.zone.path)]
        return list(dict.fromkeys(self._include_roots + self._extra_roots))

    def directive(self, name: str, line: int) -> None:
        s = self.load.s
        tok = s.tok
        if name == "$TTL":
            t = _word(tok, "$TTL needs a value, e.g. $TTL 3600")
            s.default_ttl = dns.ttl.from_text(t.value)
            s.default_ttl_known = True
            s.default_ttl_from_soa = False
            tok.get_eol()
        elif name == "$ORIGIN":
            t = _word(tok, "$ORIGIN needs a domain name, e.g. $ORIGIN example.com.")
            relative = not t.value.endswith(".") and t.value != "@"
            meant = None
            if relative and self.load.server() == POWERDNS:
                # PowerDNS takes every $ORIGIN as absolute (pdns/zoneparser-tng.cc:
                # d_zonename = ZoneName(...) of the word as written).
                origin = tok.as_name(t, dns.name.root)
                self.load.zone.notes.append(
                    Note(
                        s.path,
                        line,
                        f'$ORIGIN "{self.load.show(t.value)}" has no trailing dot: read as '
                        f"{origin}, as PowerDNS (the server that loads this zone) reads every "
                        "$ORIGIN; BIND and most other servers would append the origin in force "
                        f'({s.current_origin}); write "{origin}" to load the same everywhere',
                    )
                )
            else:
                origin = tok.as_name(t, s.current_origin)
                meant = _meant_origin(t.value, origin, s.current_origin) if relative else None
            tok.get_eol()
            if meant is not None:
                self.load.zone.origin_fixes.append(
                    OriginFix(s.path, line, _pos(t)[1], t.value, origin, meant)
                )
                origin = meant
            s.current_origin = origin
        elif name == "$INCLUDE":
            self._include(line)
        elif name == "$GENERATE":
            self._generate_line(line)
        elif name == "$DATE":
            # BIND's dump time (rndc dumpdb): TTLs are relative to it.
            t = _word(tok, "$DATE needs a time, e.g. $DATE 20240101000000")
            if not _DATE.match(t.value):
                raise _syntax(f"$DATE {t.value} is not a time; write YYYYMMDDHHMMSS")
            tok.get_eol()
        elif name == "$UNICODE":
            raise _syntax(
                "$UNICODE is dnspython's own directive: BIND and other servers refuse the "
                "file (unknown $ directive); remove the line and write names as xn-- punycode"
            )
        else:
            raise _syntax(
                f"unknown directive {self.load.show(name)}; zone files know $ORIGIN, $TTL, "
                "$INCLUDE, $GENERATE and $DATE"
            )

    def _deployed(
        self, filename: str, roots: Sequence[str], real: str, shown: str
    ) -> tuple[str, str]:
        """``(real, shown)`` of the repository file an include of a path that is not here
        names (:func:`deployed`), else as they were."""
        found = deployed(filename, roots, self.load.s.real)
        if found is None:
            return real, shown
        here = os.path.dirname(self.load.s.real)
        return found, os.path.normpath(
            os.path.join(os.path.dirname(self.load.s.path), os.path.relpath(found, here))
        )

    def _include(self, line: int) -> None:
        s = self.load.s
        tok = s.tok
        t = tok.get()
        if not (t.is_identifier() or t.is_quoted_string()):
            raise _syntax("$INCLUDE needs a file name")
        filename = t.value
        col = _pos(t)[1]
        t = tok.get()
        new_origin = s.current_origin
        if t.is_identifier():
            new_origin = dns.name.from_text(t.value, s.current_origin, tok.idna_codec)
            tok.get_eol()
        elif not t.is_eol_or_eof():
            raise _syntax("bad origin in $INCLUDE")
        if t.is_eof():
            tok.unget(t)
        quoted = self.load.show(filename)
        shown = (
            filename
            if os.path.isabs(filename)
            else os.path.normpath(os.path.join(os.path.dirname(s.path), filename))
        )
        target = (
            filename if os.path.isabs(filename) else os.path.join(os.path.dirname(s.real), filename)
        )
        real = os.path.realpath(target)
        roots = self.include_roots()
        if real not in self.load.overrides and not os.path.exists(real):  # named's paths, not ours
            real, shown = self._deployed(filename, roots, real, shown)
        if not _inside(real, roots):
            self.load.unread(
                f'$INCLUDE "{quoted}" refused: it is outside {" and ".join(roots)}; mxlint '
                "reads includes only inside the zone's git work tree, or its own folder "
                "outside one (allow another folder with --include-root DIR)",
                line,
                col,
            )
            return
        if real in s.stack:
            self.load.problem(
                f'$INCLUDE "{quoted}" includes a file that is already being read '
                "(an include loop); remove it",
                line,
                col,
            )
            return
        depth = self.load.limits.include_depth
        if len(self.load.saved) >= depth:
            raise LimitExceeded(
                f'$INCLUDE "{quoted}" nests deeper than {depth} files, so mxlint did not read '
                "it; " + self.load.limits.how_to_raise("include-depth"),
                line,
                col,
            )
        # A file given in ``overrides`` need not exist (the base revision of a deleted or
        # renamed include, for the serial check).
        if real not in self.load.overrides and not os.path.exists(real):
            self.load.unread(
                f'$INCLUDE "{quoted}" not found (looked for {self.load.show(shown)})', line, col
            )
            return
        try:
            text, why, _, _ = _read(real, self.load.overrides, self.load.limits.file_bytes)
        except LimitExceeded as exc:
            raise LimitExceeded(f'$INCLUDE "{quoted}": {exc}', line, col) from None
        if text is None:  # a file of the repository that is no text: the zone's own defect
            self.load.zone.read_all = False
            self.load.problem(f'$INCLUDE "{quoted}" {why}', line, col)
            return
        self.load.saved.append(s)
        self.load.zone.files.append(shown)
        _directives(self.load.zone, shown, text)
        text = self.load.as_server_reads(text, new_origin)
        self.load.s = _State(
            FastTokenizer(text, shown, tok.idna_codec),
            shown,
            real,
            new_origin,
            s.last_name,
            s.last_ttl,
            s.last_ttl_known,
            s.default_ttl,
            s.default_ttl_known,
            s.default_ttl_from_soa,
            line,
            [*s.stack, real],
        )

    def _generate_line(self, line: int) -> None:
        """``$GENERATE range lhs [class] [ttl] [class] type rhs``, as BIND reads it.

        BIND's forms, not dnspython's: the class may come before the TTL, the right-hand
        side may be a quoted string, the modifiers are ``${offset[,width[,base]]}`` with
        C's printf semantics (see :func:`_generate_text`), and a following line without an
        owner continues the owner written before ``$GENERATE``, not the last generated one.
        """
        s = self.load.s
        tok = s.tok
        token = _word(tok, "$GENERATE needs a range, e.g. 1-10")
        range_col = _pos(token)[1]
        start, stop, step = _generate_range(token.value)
        lhs = _word(tok, "$GENERATE needs an owner template").value
        token = _word(tok, "$GENERATE needs a type")
        rdclass = _generate_class(token.value)
        if rdclass is not None:
            token = _word(tok, "$GENERATE needs a type")
        ttl: int | None = None
        try:
            ttl = dns.ttl.from_text(token.value)
        except dns.ttl.BadTTL:
            pass
        else:
            s.last_ttl, s.last_ttl_known = ttl, True
            token = _word(tok, "$GENERATE needs a type")
        if rdclass is None:
            rdclass = _generate_class(token.value)
            if rdclass is not None:
                token = _word(tok, "$GENERATE needs a type")
        if rdclass is not None and rdclass != _IN:
            raise _syntax(
                f"class {dns.rdataclass.to_text(dns.rdataclass.RdataClass(rdclass))} is not "
                "the zone's class IN"
            )
        rdtype = _rdtype(token.value)
        token = tok.get()
        if not (token.is_identifier() or token.is_quoted_string()):
            raise _syntax("$GENERATE needs a right-hand side (the record data template)")
        rhs = token.value
        rhs_col = _pos(token)[1]
        tok.get_eol()
        if ttl is None:
            ttl = self.load.implicit_ttl()
            if ttl is None:
                raise _SkipLine(
                    '$GENERATE has no TTL and none is set before it; put "$TTL 3600" (or the '
                    "TTL you mean) at the top of the file",
                    line,
                    1,
                )
        count = len(range(start, stop + 1, step))
        most = self.load.limits.generate_records
        # One bound for all the $GENERATE lines of a zone: ten short lines must not cost ten
        # times the limit (a file under 1 KB used to make 10,000,000 records).
        if self.generated + count > most:
            before = (
                f" (with the {self.generated:,} the $GENERATE lines before it made)"
                if self.generated
                else ""
            )
            raise LimitExceeded(
                f"this $GENERATE makes {count:,} records{before}, more than the "
                f"generate-records limit of {most:,}, so mxlint did not expand it; "
                + self.load.limits.how_to_raise("generate-records"),
                line,
                range_col,
            )
        self.generated += count
        if len(self.load.zone.records) + count > self.load.limits.file_records + 1:
            count = self.load.limits.file_records + 1 - len(self.load.zone.records)
            stop = start + (count - 1) * step  # the read loop reports the file-records limit
        for i in range(start, stop + 1, step):
            owner = _generate_text(lhs, i)
            try:
                name = dns.name.from_text(owner, s.current_origin, tok.idna_codec)
            except dns.exception.DNSException as exc:
                raise _SkipLine(
                    f'$GENERATE record {i}: owner "{owner}" is not a valid name: '
                    f"{_clean_message(exc)}",
                    line,
                    1,
                ) from None
            if not name.is_subdomain(self.load.zone_origin):
                raise _SkipLine(
                    f'$GENERATE makes owner "{name}", outside the zone '
                    f"({self.load.zone.origin_note(self.load.s.path)}), so name servers ignore it",
                    line,
                    1,
                    "out-of-zone",
                )
            text = _generate_text(rhs, i)
            try:
                rd = _read_rdata(rdtype, FastTokenizer(text, s.path), s.current_origin)
            except Exception as exc:
                written = dns.tokenizer.Token(dns.tokenizer.IDENTIFIER, text)
                raise _SkipLine(
                    f"$GENERATE record {i}: {_rdata_error(rdtype, [written], exc)}",
                    line,
                    rhs_col,
                ) from None
            tokens: tuple[Token, ...] = ()
            if rdtype == MX:
                tokens = tuple(Token(p, line, rhs_col) for p in text.split())
            self.load.zone.records.add(
                s.path,
                line,
                1,
                name,
                rdtype,
                ttl,
                True,
                _shape(rdtype, rd, self.load.keep_all),
                tokens,
                owner_key(name),
            )
