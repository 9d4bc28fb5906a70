"""Zone files: bytes -> statements -> records, as BIND reads them.

In:  a path (or an editor's text), the origin that identity chose, the include roots and limits.
Out: a :class:`mxlint.model.Zone`: every record with its file, line, column and text as written,
     duplicates and per-record TTLs kept, and every syntax problem (not only the first).

Modules: :mod:`.tokenizer` (BIND's lexical rules: lines, comments, quotes, parentheses),
:mod:`.loader` (reading, decoding, limits, the fast path and the dnspython path, ``$INCLUDE``,
``$GENERATE``, recovery after an error), :mod:`.bindcompat` (types and forms BIND reads and
dnspython does not), :mod:`.lexical` (where a line's comment starts), :mod:`.suppressions`
(the ``; mxlint:`` comments, scanned while the text is in memory).

Must not know: rules, configuration files, server configurations, git, or the output.
"""
