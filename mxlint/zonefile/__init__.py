"""Zone files: bytes -> statements -> records, as BIND reads them.

In:  a path (or an editor's text), the origin that identity chose, the include roots and limits.
Out: a :class:`mxlint.model.Zone`: every record with its file, line, column and text as written,
     duplicates and per-record TTLs kept, and every syntax problem (not only the first).

Modules: :mod:`.lines` and :mod:`.lexical` (BIND's definition of a line and a comment),
:mod:`.tokenizer` (quotes, parentheses, tokens), :mod:`.reader` (a file's bytes: regular files
only, size-bounded, decoded), :mod:`.includes` (where an ``$INCLUDE`` may read, deployment
paths matched by suffix), :mod:`.generate` (``$GENERATE``'s templates), :mod:`.loader` (the
entry and the statement loop, recovery after an error), :mod:`.state` (what the loader's parts
share), :mod:`.fastpath` (plain statements read directly), :mod:`.statements` (records through
dnspython's parsers), :mod:`.directives` (``$TTL``, ``$ORIGIN``, ``$INCLUDE``, ``$GENERATE``),
:mod:`.bindcompat` (types and forms BIND reads and dnspython does not), :mod:`.suppressions`
(``; mxlint:`` comments).

Must not know: rules, configuration files, server configurations, git, or the output.
"""
