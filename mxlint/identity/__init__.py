"""Zone identity: which zone each file is.

In:  the paths given on the command line (files, folders), the configuration, and the server
     configurations found in the tree (``named.conf``, ``nsd.conf``, ``knot.conf``).
Out: the candidate zone files (:mod:`.walk`), what each file is (:mod:`.sniff`: zone, template,
     fragment, not a zone), and each zone's origin with the evidence for it (:mod:`.origin`,
     :mod:`.servers`, :mod:`.conf`), then the loaded zones (:mod:`.zones`).

Must not know: rules, stages or output formats. It asks :mod:`mxlint.zonefile` to read a file
and gets records back; it never looks at what the rules will make of them.
"""
