"""Stages after the rules: what needs more than the loaded files, or works on diagnostics.

In:  the diagnostics of the rule engine, the zone set, and the run's options.
Out: more diagnostics (:mod:`.serial` against a git base revision, :mod:`.online` against live
     DNS, opt-in), and the diagnostics that survive inline suppressions (:mod:`.suppress`) and
     the baseline (:mod:`.baseline`). :mod:`.stage` has what they share with the engine.

Must not know: output formats or the front ends (CLI, stdin, language server).
"""
