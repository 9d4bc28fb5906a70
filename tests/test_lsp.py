"""``mxlint lsp`` end to end: a real LSP client (pytest-lsp) talks to the server over stdio."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

import mxlint
from mxlint import docs
from mxlint.check.registry import Registry

from .conftest import ROOT

# One server for the module; each test opens its own documents.
server_test = pytest.mark.asyncio(loop_scope="module")

# Origin from the file name: db.example.com says example.com.
BAD = """\
$TTL 3600
@    IN SOA ns1.example.net. hostmaster.example.com. 1 7200 3600 1209600 300
@    IN NS  ns1.example.net.
@    IN MX  10 mail.example.com
@    IN MX  20 mx2.example.com.
@    IN MX  20 mx2.example.com.
mail IN A   192.0.2.1
mx2  IN A   192.0.2.2
"""
CLEAN = BAD.replace("mail.example.com\n", "mail.example.com.\n").replace(
    "@    IN MX  20 mx2.example.com.\n", "", 1
)
PUBLISH = lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
WAIT = 30  # seconds before a missing notification fails the test (it never should)


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "mxlint", "lsp"],
        server_env={**os.environ, "PYTHONPATH": os.fspath(ROOT)},
    ),
)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    await lsp_client.initialize_session(
        lsp.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
    )
    yield
    await lsp_client.shutdown_session()


async def published(
    client: LanguageClient, uri: str, version: int | None
) -> Sequence[lsp.Diagnostic]:
    """The next diagnostics published for ``uri`` at ``version`` (earlier ones skipped)."""
    while True:
        params = await asyncio.wait_for(client.wait_for_notification(PUBLISH), WAIT)
        if params.uri == uri and params.version == version:
            return list(params.diagnostics)


def open_doc(client: LanguageClient, path: Path, text: str, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "bindzone", version, text))
    )
    return uri


def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(version, uri),
            [lsp.TextDocumentContentChangeWholeDocument(text)],
        )
    )


def apply(text: str, edit: lsp.WorkspaceEdit | None) -> str:
    """Apply a workspace edit to ``text`` as an editor would (ASCII text: units are chars)."""
    assert edit is not None and edit.document_changes
    (doc_edit,) = edit.document_changes
    assert isinstance(doc_edit, lsp.TextDocumentEdit)
    lines = text.splitlines(keepends=True)

    def offset(p: lsp.Position) -> int:
        return sum(len(line) for line in lines[: p.line]) + p.character

    edits = sorted(doc_edit.edits, key=lambda e: offset(e.range.start), reverse=True)
    for e in edits:
        assert isinstance(e, lsp.TextEdit)
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end) :]
    return text


def lint(path: Path, text: str) -> list[str]:
    result = mxlint.lint([os.fspath(path)], mxlint.Options(sources={os.fspath(path): text}))
    return [d.code for d in result.diagnostics]


@server_test
async def test_diagnostics_follow_the_buffer(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "db.example.com"
    path.write_text(CLEAN)  # the file on disk is clean: the buffer is what is linted
    uri = open_doc(client, path, BAD)
    found = await published(client, uri, 1)
    assert [(d.code, d.range.start.line) for d in found] == [
        ("MX001", 3),
        ("MX005", 4),
        ("MX005", 5),
    ]
    dot = found[0]
    # the range is the target as written: "mail.example.com" from column 16
    assert (dot.range.start.character, dot.range.end.character) == (15, 31)
    assert dot.severity == lsp.DiagnosticSeverity.Error
    assert found[1].severity == lsp.DiagnosticSeverity.Warning
    assert dot.source == "mxlint" and dot.message.endswith("[missing-trailing-dot]")
    rule = Registry.load(plugins=False).get("MX001")
    assert rule is not None and docs.rule_url(rule)
    assert dot.code_description is not None and dot.code_description.href == docs.rule_url(rule)

    change(client, uri, 2, CLEAN)
    assert await published(client, uri, 2) == []
    change(client, uri, 3, CLEAN + "@ IN MX 30 192.0.2.9\n")
    (ip,) = await published(client, uri, 3)
    assert ip.code == "MX002" and ip.range.start.line == 7

    client.text_document_did_close(lsp.DidCloseTextDocumentParams(lsp.TextDocumentIdentifier(uri)))
    assert await published(client, uri, None) == []


@server_test
async def test_code_actions_fix_the_buffer(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "db.example.com"  # not on disk at all: an unsaved new file
    uri = open_doc(client, path, BAD)
    found = await published(client, uri, 1)
    dot = next(d for d in found if d.code == "MX001")
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            lsp.TextDocumentIdentifier(uri),
            dot.range,
            lsp.CodeActionContext([dot], only=[lsp.CodeActionKind.QuickFix]),
        )
    )
    assert actions is not None
    (quick,) = actions
    assert isinstance(quick, lsp.CodeAction) and quick.kind == lsp.CodeActionKind.QuickFix
    assert "trailing dot" in quick.title and list(quick.diagnostics or ()) == [dot]
    fixed = apply(BAD, quick.edit)
    assert fixed == BAD.replace("mail.example.com\n", "mail.example.com.\n")
    assert "MX001" not in lint(path, fixed) and "MX005" in lint(path, fixed)

    # fix all: the dot and the duplicate line, to a clean zone
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            lsp.TextDocumentIdentifier(uri),
            lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)),
            lsp.CodeActionContext([], only=[lsp.CodeActionKind.SourceFixAll]),
        )
    )
    assert actions is not None
    (fix_all,) = actions
    assert isinstance(fix_all, lsp.CodeAction) and fix_all.kind == "source.fixAll.mxlint"
    assert apply(BAD, fix_all.edit) == CLEAN and lint(path, CLEAN) == []
    # a problem that has no safe repair offers none
    change(client, uri, 2, CLEAN + "@ IN MX 30 192.0.2.9\n")
    (ip,) = await published(client, uri, 2)
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(lsp.TextDocumentIdentifier(uri), ip.range, lsp.CodeActionContext([ip]))
    )
    assert actions is not None and list(actions) == []


@server_test
async def test_zones_beside_the_file_answer_lookups(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / "db.example.net").write_text(
        "$ORIGIN example.net.\n$TTL 60\n@ IN SOA ns1 host 1 2 3 4 5\n@ IN NS ns1\n"
        "ns1 IN A 192.0.2.53\n"
    )
    text = "$ORIGIN example.com.\n$TTL 60\n@ IN SOA ns1.example.net. h 1 2 3 4 5\n"
    text += "@ IN NS ns1.example.net.\n@ IN MX 10 mx.example.net.\n"
    uri = open_doc(client, tmp_path / "db.example.com", text)
    (missing,) = await published(client, uri, 1)
    assert missing.code == "MX004" and "db.example.net" in missing.message


@server_test
async def test_a_broken_configuration_is_shown_and_the_server_lives_on(
    client: LanguageClient, tmp_path: Path
) -> None:
    config = tmp_path / ".mxlint.yaml"
    config.write_text("rules:\n  no-such-rule: off\n")
    message = asyncio.ensure_future(client.wait_for_notification(lsp.WINDOW_SHOW_MESSAGE))
    uri = open_doc(client, tmp_path / "db.example.com", BAD)
    (shown,) = await published(client, uri, 1)
    assert shown.range.start.line == 0 and "no-such-rule" in shown.message
    assert shown.severity == lsp.DiagnosticSeverity.Error
    params = await asyncio.wait_for(message, WAIT)
    assert params.type == lsp.MessageType.Error and "no-such-rule" in params.message
    # mended, the next change lints again, with the configuration
    config.write_text("rules:\n  duplicate-record: off\n")
    change(client, uri, 2, BAD)
    assert [d.code for d in await published(client, uri, 2)] == ["MX001"]


def test_without_the_extra_lsp_says_what_to_install() -> None:
    script = (
        "import sys; sys.modules['pygls'] = None; "
        "from mxlint.cli import main; sys.exit(main(['lsp']))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.fspath(ROOT)},
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "pip install 'mxlint[lsp]'" in proc.stderr


def test_lsp_is_the_server_only_as_the_first_word(tmp_path: Path) -> None:
    (tmp_path / "lsp").write_text("$ORIGIN example.com.\n$TTL 60\n@ IN MX 10 192.0.2.1\n")
    run = {"capture_output": True, "text": True, "cwd": tmp_path, "timeout": 60}
    env = {**os.environ, "PYTHONPATH": os.fspath(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "mxlint", "./lsp"], env=env, **run)  # type: ignore[call-overload]
    assert proc.returncode == 1 and "lsp:3:" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "mxlint", "lsp", "--bogus"], env=env, **run)  # type: ignore[call-overload]
    assert proc.returncode == 2 and "takes no arguments" in proc.stderr


def test_ranges_are_in_the_clients_units() -> None:
    from pygls.workspace import PositionCodec

    from mxlint.lsp import lines_of, token_range
    from mxlint.model import Diagnostic

    lines = lines_of('@ IN TXT "x"\r\nw\u00e9\U0001f600 IN MX 10 mail ; note\n')
    d = Diagnostic("z", 2, 14, "error", "MX001", "missing-trailing-dot", "m")  # at "mail"
    utf16 = token_range(lines, d, PositionCodec(lsp.PositionEncodingKind.Utf16))
    assert (utf16.start.line, utf16.start.character, utf16.end.character) == (1, 14, 18)
    utf32 = token_range(lines, d, PositionCodec(lsp.PositionEncodingKind.Utf32))
    assert (utf32.start.character, utf32.end.character) == (13, 17)
    # no column (a whole-file diagnostic): the whole line
    whole = token_range(
        lines, Diagnostic("z", 1, 0, "info", "MX020", "zone-identity", "m"), PositionCodec()
    )
    assert (whole.start.character, whole.end.character) == (0, 12)


def test_large_neighbours_are_left_out_of_lookups(tmp_path: Path) -> None:
    from mxlint.lsp import MAX_SIBLING_BYTES, siblings

    (tmp_path / "db.example.com").write_text("x")
    (tmp_path / "db.example.net").write_text("y")
    (tmp_path / "root.zone").write_text("z" * (MAX_SIBLING_BYTES + 1))
    (tmp_path / "notes.md").write_text("not a zone")
    found, left = siblings(os.fspath(tmp_path / "db.example.com"))
    assert found == [os.fspath(tmp_path / "db.example.net")]
    assert left == [os.fspath(tmp_path / "root.zone")]
