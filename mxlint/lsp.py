"""``mxlint lsp``: a Language Server for editors, on standard input and output (pygls).

Needs the ``lsp`` extra (``pip install 'mxlint[lsp]'``). What it does:

- diagnostics as a zone file is edited: on open, change (after a short pause in typing) and
  save, the buffer's text is linted through :func:`mxlint.lint` as the file it is (the path
  decides the origin and the configuration, found from the file's folder upwards), with the
  zone files beside it on disk loaded for lookups (``Options.context``; the buffer wins over
  its own file). Each diagnostic carries the rule's code, its name, the severity, the token's
  range and the rule's documentation link; closing the file clears them;
- the safe repairs of ``--fix`` as code actions: a quick fix for each missing trailing dot
  and duplicate record, and ``source.fixAll.mxlint`` for all of them, computed on the buffer
  (:func:`mxlint.fix.fix_source`), never on the file on disk;
- a bad configuration (or plugin) is shown with ``window/showMessage`` and as a diagnostic on
  the first line; the server keeps running.

Linting runs in one worker thread, so the server answers while it works and runs are never
interleaved; a run whose document has changed or closed since is not published.
"""

from __future__ import annotations

import asyncio
import difflib
import gc
import logging
import os
import re
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final, TypeVar
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import RPCRequest
from pygls.uris import to_fs_path
from pygls.workspace import PositionCodec

from mxlint import __version__, api, docs, fix
from mxlint.check.registry import Registry
from mxlint.config import find_config
from mxlint.identity.walk import server_conf_named, zone_named
from mxlint.model import Diagnostic

FIX_ALL: Final = "source.fixAll.mxlint"
DEBOUNCE: Final = 0.25  # seconds of quiet typing before a change is linted
# The zone files beside the document loaded for lookups, at most: they are read again at each
# run (a 1 MB zone takes about a second), so larger neighbours are left out (and logged).
MAX_SIBLINGS: Final = 200
MAX_SIBLING_BYTES: Final = 512 * 1024
SOURCE: Final = "mxlint"
_SEVERITY: Final = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
}
_TITLES: Final = {
    "MX001": "add the trailing dot",
    "MX005": "delete the duplicate record",
}
_LINE_END: Final = re.compile(r"\r\n|\r|\n")
_TOKEN_END: Final = re.compile(r'[\s;()"]')
T = TypeVar("T")


class Problem(Exception):
    """The run could not be made (a bad configuration, a broken plugin): shown to the user."""


def lines_of(text: str) -> list[str]:
    """The lines of ``text`` as LSP counts them (``\\n``, ``\\r\\n`` or ``\\r``), with ends."""
    out, pos = [], 0
    for m in _LINE_END.finditer(text):
        out.append(text[pos : m.end()])
        pos = m.end()
    out.append(text[pos:])
    return out


def _content(line: str) -> str:
    return line.rstrip("\r\n")


def _editor_place(lines: Sequence[str], line: int, column: int) -> tuple[int, int]:
    """BIND's ``line``/``column`` (lines end at LF only) as the editor's line index and the
    0-based offset in that line (the editor also ends a line at a lone CR)."""
    if not any(s.endswith("\r") for s in lines):
        return min(max(line, 1), len(lines)) - 1, column - 1
    offset, seen = 0, 1
    for s in lines:  # where BIND's line starts: just after the (line - 1)th LF
        if seen >= line:
            break
        offset += len(s)
        if s.endswith("\n"):
            seen += 1
    offset += max(column, 1) - 1
    for n, s in enumerate(lines):
        if offset < len(s) or n == len(lines) - 1:
            return n, offset if column >= 1 else -1
        offset -= len(s)
    return 0, -1


def token_range(lines: Sequence[str], d: Diagnostic, codec: PositionCodec) -> lsp.Range:
    """The range of the token a diagnostic points at (its whole line when there is none)."""
    n, start = _editor_place(lines, d.line, d.column)
    line = _content(lines[n])
    if 0 <= start < len(line) and not line[start].isspace():
        m = _TOKEN_END.search(line, start + 1)
        end = m.start() if m else len(line)
    else:
        start, end = 0, len(line)
    units = codec.client_num_units
    return lsp.Range(lsp.Position(n, units(line[:start])), lsp.Position(n, units(line[:end])))


def text_edits(old: str, new: str, codec: PositionCodec) -> list[lsp.TextEdit]:
    """Whole-line edits that turn ``old`` into ``new``."""
    a, b = lines_of(old), lines_of(new)

    def position(i: int) -> lsp.Position:
        if i < len(a):
            return lsp.Position(i, 0)
        return lsp.Position(len(a) - 1, codec.client_num_units(a[-1]))

    edits = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            edits.append(lsp.TextEdit(lsp.Range(position(i1), position(i2)), "".join(b[j1:j2])))
    return edits


def document_path(uri: str) -> str:
    """The file a document stands for; an unsaved one gets a name in the current folder."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    if path is None:
        path = os.path.basename(unquote(urlparse(uri).path)) or "untitled"
    return os.path.normpath(path)


def siblings(path: str) -> tuple[list[str], list[str]]:
    """The zone files and server configurations beside ``path`` (not itself) to load for
    lookups, and those left out to keep each run quick (smallest first within the budget)."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        names = os.listdir(folder)
    except OSError:
        return [], []
    me = os.path.realpath(path)
    sized = []
    for name in names:
        p = os.path.join(folder, name)
        if not (zone_named(name) or server_conf_named(name)) or os.path.realpath(p) == me:
            continue
        try:
            if os.path.isfile(p):
                sized.append((os.path.getsize(p), p))
        except OSError:
            continue
    found: list[str] = []
    left: list[str] = []
    total = 0
    for size, p in sorted(sized):
        if len(found) < MAX_SIBLINGS and total + size <= MAX_SIBLING_BYTES:
            found.append(p)
            total += size
        else:
            left.append(p)
    return sorted(found), sorted(left)


class _Protocol(LanguageServerProtocol):
    """pygls's protocol, except that a request after ``shutdown`` gets an answer: the LSP
    error InvalidRequest, as the specification asks (pygls drops it, and the client waits
    for ever)."""

    def handle_message(self, message: Any) -> None:
        if (
            self._shutdown
            and isinstance(message, RPCRequest)
            and getattr(message, "method", "") != lsp.EXIT
        ):
            self._send_response(
                message.id,
                error=lsp.ResponseError(
                    lsp.ErrorCodes.InvalidRequest,
                    f"the server is shut down: {message.method} after shutdown",
                ),
            )
            return
        super().handle_message(message)


class MxlintServer(LanguageServer):
    """The server; each open document is linted as the file its URI names."""

    def __init__(self) -> None:
        super().__init__(
            "mxlint",
            __version__,
            protocol_cls=_Protocol,
            text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
        )
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mxlint")
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.shown: set[str] = set()  # problems already shown with showMessage
        self.logged: set[str] = set()  # folders whose left-out neighbours were logged
        self._registry: Registry | None = None

    # ------------------------------------------------------------------ linting (worker)

    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = api.load_registry()
        return self._registry

    def options(self, path: str, text: str) -> api.Options:
        folder = os.path.dirname(os.path.abspath(path))
        config = find_config(folder)
        context, left = siblings(path)
        if left and folder not in self.logged:
            self.logged.add(folder)
            logging.getLogger(__name__).warning(
                "%s: not loaded for lookups (too large to read again at every change; lint "
                "the folder with mxlint for the whole picture): %s",
                folder,
                ", ".join(os.path.basename(p) for p in left),
            )
        return api.Options(
            context=context,
            config_path=config,
            use_config=config is not None,
            sources={path: text},
            progress=False,
        )

    def guarded(self, work: Callable[[], T]) -> T:
        """Run ``work`` (in the worker), turning every failure into a :class:`Problem`."""
        try:
            return work()
        except api.LintError as exc:
            raise Problem(str(exc)) from exc
        except Exception as exc:
            logging.getLogger(__name__).error("%s", traceback.format_exc())
            raise Problem(f"internal error, please report it: {exc!r}") from exc
        finally:
            gc.unfreeze()  # mxlint.lint freezes what it loaded: let a server collect it

    def lint(self, path: str, text: str) -> list[Diagnostic]:
        def work() -> list[Diagnostic]:
            result = api.lint([path], self.options(path, text), registry=self.registry())
            return [d for d in result.diagnostics if os.path.normpath(d.path) == path]

        return self.guarded(work)

    def fixed(self, path: str, text: str, only: Callable[[Diagnostic], bool] | None) -> str:
        def work() -> str:
            options = self.options(path, text)
            return fix.fix_source(path, text, options, registry=self.registry(), only=only).text

        return self.guarded(work)

    async def in_worker(self, work: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.worker, work, *args)

    # ------------------------------------------------------------------ diagnostics

    def schedule(self, uri: str, delay: float) -> None:
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self.publish(uri, delay))

    async def publish(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        doc = self.workspace.get_text_document(uri)
        version, text = doc.version, doc.source
        path = document_path(uri)
        try:
            found = await self.in_worker(self.lint, path, text)
            diagnostics = self.convert(found, text)
            self.shown.clear()
        except Problem as exc:
            diagnostics = [self.problem(str(exc))]
        if self.pending.get(uri) is not asyncio.current_task():
            return  # changed or closed meanwhile: a newer run publishes
        del self.pending[uri]
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri, diagnostics, version)
        )

    def problem(self, message: str) -> lsp.Diagnostic:
        text = f"mxlint cannot check this file: {message}"
        if text not in self.shown:
            self.shown.add(text)
            self.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Error, text))
        return lsp.Diagnostic(
            lsp.Range(lsp.Position(0, 0), lsp.Position(1, 0)),
            text,
            severity=lsp.DiagnosticSeverity.Error,
            source=SOURCE,
        )

    def convert(self, found: Sequence[Diagnostic], text: str) -> list[lsp.Diagnostic]:
        lines = lines_of(text)
        registry = self.registry()
        out = []
        for d in found:
            rule = registry.get(d.code)
            url = docs.rule_url(rule) if rule is not None else None
            out.append(
                lsp.Diagnostic(
                    token_range(lines, d, self.workspace.position_codec),
                    f"{d.message} [{d.rule}]",
                    severity=_SEVERITY.get(d.severity, lsp.DiagnosticSeverity.Information),
                    code=d.code,
                    code_description=lsp.CodeDescription(url) if url else None,
                    source=SOURCE,
                    data={"rule": d.rule, "line": d.line, "column": d.column},
                )
            )
        return out

    def closed(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, []))

    # ------------------------------------------------------------------ code actions

    async def actions(self, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        doc = self.workspace.get_text_document(uri)
        version, text, path = doc.version, doc.source, document_path(uri)
        only = params.context.only

        def wanted(kind: str) -> bool:
            return not only or any(kind == k or kind.startswith(f"{k}.") for k in only)

        out: list[lsp.CodeAction] = []
        if wanted(lsp.CodeActionKind.QuickFix):
            for diag in params.context.diagnostics:
                data = diag.data if isinstance(diag.data, dict) else {}
                code = diag.code
                if diag.source != SOURCE or code not in fix.FIXABLE or "line" not in data:
                    continue
                where = (data["line"], data["column"], code)

                def this(d: Diagnostic, where: tuple[Any, Any, Any] = where) -> bool:
                    return (d.line, d.column, d.code) == where

                new = await self.in_worker(self.fixed, path, text, this)
                if new != text:
                    out.append(
                        lsp.CodeAction(
                            f"mxlint: {_TITLES[str(code)]} ({data.get('rule', code)})",
                            kind=lsp.CodeActionKind.QuickFix,
                            diagnostics=[diag],
                            is_preferred=True,
                            edit=self.edit(uri, version, text, new),
                        )
                    )
        if wanted(FIX_ALL):
            new = await self.in_worker(self.fixed, path, text, None)
            if new != text:
                out.append(
                    lsp.CodeAction(
                        "mxlint: fix all safe problems (trailing dots, duplicate records)",
                        kind=FIX_ALL,
                        edit=self.edit(uri, version, text, new),
                    )
                )
        return out

    def edit(self, uri: str, version: int | None, old: str, new: str) -> lsp.WorkspaceEdit:
        edits = text_edits(old, new, self.workspace.position_codec)
        caps = self.client_capabilities.workspace
        versioned = bool(caps and caps.workspace_edit and caps.workspace_edit.document_changes)
        if versioned:
            return lsp.WorkspaceEdit(
                document_changes=[
                    lsp.TextDocumentEdit(
                        lsp.OptionalVersionedTextDocumentIdentifier(uri, version),
                        list(edits),
                    )
                ]
            )
        return lsp.WorkspaceEdit(changes={uri: edits})


def make_server() -> MxlintServer:
    server = MxlintServer()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: MxlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: MxlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, DEBOUNCE)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: MxlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: MxlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.closed(params.text_document.uri)

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL]),
    )
    async def code_action(ls: MxlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        try:
            return await ls.actions(params)
        except Problem as exc:
            ls.problem(str(exc))
            return []

    return server


def serve() -> int:
    """Serve on standard input and output until the editor says exit (logs on stderr)."""
    logging.basicConfig(level=logging.WARNING, format="mxlint lsp: %(levelname)s: %(message)s")
    make_server().start_io()
    return 0
