"""The seam with dnspython: every reliance on more than its documented interface, in one place.

dnspython stays the parser of record, but mxlint reaches below its public surface in a few
spots, which is why pyproject.toml pins it to the releases reviewed here. A new dnspython is a
change to this module only: ``tests/test_dnspython_seam.py`` fails, naming what moved, when a
release changes any of the following.

1. :data:`Tokenizer` as a base class. :class:`mxlint.zonefile.tokenizer.FastTokenizer` and
   ``mxlint.zonefile.bindcompat._Replay`` subclass it and replace its character stream; the
   helpers they inherit (``get_int``, ``get_name``, ``concatenate_remaining_identifiers``,
   ...), which dnspython's rdata parsers call, must reach the input only through ``get()``,
   ``unget()`` and attributes the subclasses set. The test reads those helpers' source.
2. :data:`DELIMITERS` and :data:`QUOTING_DELIMITERS`: the tokenizer's private delimiter sets.
3. :func:`name_from_labels`: a :class:`dns.name.Name` built without ``Name.__init__`` (whose
   immutability guard costs more than the parse), which relies on ``Name`` keeping its labels
   in its single ``labels`` slot.
4. :data:`READER_SOURCES`: :mod:`mxlint.zonefile.loader` replaces the outer loop of
   ``dns.zonefile.Reader`` and mirrors its statement grammar (``_rr_line`` in
   :mod:`mxlint.zonefile.statements`, ``_generate_line`` in :mod:`mxlint.zonefile.directives`).
   These are the SHA-256 digests of those methods' source in the releases whose grammar was
   compared with the loader's; a release whose source differs must be compared again.
5. :data:`RDATA_FROM_TEXT`: the parameters, in order, that the loader and bindcompat pass
   positionally to ``dns.rdata.from_text`` and to an rdata class's ``from_text``.

One more lives elsewhere because it must run before dnspython is imported at all:
:mod:`mxlint._features` stands in for ``dns._features`` (``tests/test_features.py``).
"""

from __future__ import annotations

from typing import Final

import dns.exception
import dns.name
import dns.tokenizer

#: The releases the items above were checked against (pyproject.toml pins the same range).
TESTED: Final = ">=2.7,<2.10"

Tokenizer = dns.tokenizer.Tokenizer
DELIMITERS: Final = dns.tokenizer._DELIMITERS
QUOTING_DELIMITERS: Final = dns.tokenizer._QUOTING_DELIMITERS

READER_SOURCES: Final = {
    # dnspython 2.9.x
    "_rr_line": "e9665c30191c27e5",
    "_generate_line": "c283f9d12976476b",
}

RDATA_FROM_TEXT: Final = ("rdclass", "rdtype", "tok", "origin", "relativize", "relativize_to")

_new = object.__new__
_set = object.__setattr__


def name_from_labels(labels: tuple[bytes, ...]) -> dns.name.Name:
    """The :class:`dns.name.Name` of ``labels`` (already checked: each 1 to 63 bytes, at most
    255 in all, the last the root's empty label when absolute), without ``Name.__init__``."""
    name: dns.name.Name = _new(dns.name.Name)
    _set(name, "labels", labels)
    return name


def syntax_error(message: str) -> dns.exception.SyntaxError:
    """dnspython's exception class is untyped; build it in one place."""
    return dns.exception.SyntaxError(message)  # type: ignore[no-untyped-call]
