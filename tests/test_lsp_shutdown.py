"""The language server answers a request sent after ``shutdown`` with the LSP error
InvalidRequest (it used to drop it, and the client waited for ever); real client, pytest-lsp."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from .conftest import ROOT


@pytest_lsp.fixture(
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


@pytest.mark.asyncio
async def test_a_request_after_shutdown_gets_invalid_request(client: LanguageClient) -> None:
    await client.shutdown_async(None)
    params = lsp.CodeActionParams(
        lsp.TextDocumentIdentifier("file:///tmp/db.example.com"),
        lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)),
        lsp.CodeActionContext([]),
    )
    with pytest.raises(JsonRpcException) as caught:
        await asyncio.wait_for(client.text_document_code_action_async(params), 20)
    assert caught.value.code == lsp.ErrorCodes.InvalidRequest
    assert "shut down" in str(caught.value)
    client.exit(None)
