"""The top-level labels of the Public Suffix List (offline: the data file publicsuffixlist ships).

Below every stage that asks whether a name ends in a real TLD: origin inference
(:mod:`mxlint.identity.origin`) and the rules (:mod:`mxlint.check.names`).
"""

from __future__ import annotations

from functools import cache


@cache
def public_tlds() -> frozenset[str]:
    """The explicit single-label ICANN entries of the Public Suffix List, in A-label form.

    Read straight from the data file that the ``publicsuffixlist`` package ships (no network),
    rather than building its matcher: only top-level labels matter here, and the list's
    implicit ``*`` rule would call every label public.
    """
    data = _psl_text()
    icann = data.split("===END ICANN DOMAINS===", 1)[0]
    out: set[str] = set()
    for raw in icann.splitlines():
        line = raw.strip()
        if not line or line.startswith("//") or line.startswith("!"):
            continue
        label = line.removeprefix("*.")
        if "." in label:
            continue
        if label.isascii():  # the idna codec leaves an ASCII label as it is
            out.add(label.lower())
            continue
        try:
            out.add(label.encode("idna").decode("ascii").lower())
        except UnicodeError:
            out.add(label.lower())
    return frozenset(out)


def _psl_text() -> str:
    """The text of ``publicsuffixlist``'s data file: read from the package's folder when it
    has one (as installed; no import of the package or of importlib.resources), else through
    importlib.resources."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("publicsuffixlist")
    for folder in (spec.submodule_search_locations or ()) if spec is not None else ():
        path = os.path.join(folder, "public_suffix_list.dat")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                return f.read()
    from importlib.resources import files

    return files("publicsuffixlist").joinpath("public_suffix_list.dat").read_text("utf-8")
