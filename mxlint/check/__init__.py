"""Checking: the rule registry, the engine that runs rules over the zone set, and the lookups
rules share.

In:  a :class:`mxlint.model.ZoneSet` (every zone of the run, context zones included) and the
     rule settings from configuration.
Out: :class:`mxlint.model.Diagnostic` objects, stamped by the engine with each rule's code and
     effective severity.

Modules: :mod:`.registry` (the ``@rule`` decorator, built-in and entry-point rules),
:mod:`.engine` (runs the rules), :mod:`.names` (name lookups across zones, MX target tables),
:mod:`.providers` (the mail providers' catalogue, data in ``data/providers.yaml``).

Must not know: how files were found or read, suppressions, the baseline, git, the network or
output formats. The rules themselves live in :mod:`mxlint.rules`, one module each.
"""
