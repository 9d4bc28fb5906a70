from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.registry import rule
from mxlint.model import Finding


@rule("MX025", "limit-exceeded", "error")
def limit_exceeded(ctx: Context) -> Iterator[Finding]:
    """A zone file that makes mxlint do more work than its limits allow.

    A linter run on pull requests reads files written by strangers, so the work one file can
    cause is bounded. Each limit has a default far above what real zones need; hitting one
    is this diagnostic at the line that hit it (line 1 for the limits checked while a file
    is read: include-reads, reread-factor, run-records, memory-mib), and the run goes on:

    - ``generate-records`` (default 1,000,000): records the ``$GENERATE`` lines of one zone
      file may make together. A range past it is not expanded (the rest of the file is
      read). BIND refuses range values above 2147483647 but sets no count; a /16 of reverse
      records is 65,536.
    - ``file-records`` (default 10,000,000): records one zone file may hold, with what it
      includes and generates. Past it the file is not checked at all (a partial zone would
      raise false alarms); the run goes on with the next file.
    - ``file-bytes`` (default 1,073,741,824: 1 GiB): the size of one zone file or included file.
      A larger file is not read.
    - ``include-depth`` (default 16): how deeply ``$INCLUDE`` files may nest.
    - ``include-reads`` (default 10,000): how often one zone file may read ``$INCLUDE``
      files in all, a file read again counted again (ten lines that each include a file of
      ten such lines, seven deep, are ten million reads). Past it the file is not checked.
    - ``reread-factor`` (default 100): the text one zone file may read, its ``$INCLUDE`` files
      read again counted again: at most this multiple of its distinct text (each file counted
      once), plus 1 MiB. A 1 KB file that includes one file again and again is stopped after a
      few hundred thousand records, not ten million. Past it the file is not checked.
    - ``run-records`` (default 20,000,000): the records of the whole run, every zone file
      together (each counted once, however often it is read again). A file that would pass it
      is not checked, nor any file after it.
    - ``memory-mib`` (default 8,192): the run's resident memory in MiB, checked before each
      zone file and every 8,192 records while one is read; never more than three quarters of
      the memory of the machine or its container, so a run stops with this diagnostic instead
      of being killed. A file read when it is reached is not checked, nor any file after it.
    - ``echo-chars`` (default 200): zone text quoted in a message is cut to this many
      characters with an ellipsis (a 10 MB token is never echoed whole). This one is applied
      silently.

    Raise (or lower) a limit on the command line with ``--limit NAME=N`` (repeatable), or in
    the configuration file::

        limits:                  # .mxlint.yaml; [tool.mxlint.limits] in pyproject.toml
          generate-records: 5000000
          file-records: 20000000

    The command line wins over the file. Only regular files are read: a named pipe or a
    device (a link to ``/dev/zero``) is a ``syntax-error``, never a hang.

    Bad::

        $GENERATE 1-100000000 host$ CNAME mail$

    Good::

        $GENERATE 1-254 host$ CNAME mail$
    """
    for p in ctx.zone.exceeded:
        yield Finding(p.path, p.line, p.col, p.message)
