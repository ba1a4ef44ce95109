import logging

import pytest

from samples.replay import ReplayServer


@pytest.fixture
def serve():
    """serve(root) starts a replay server on 127.0.0.1 for the test and stops it after."""
    servers = []

    def start(root):
        server = ReplayServer(root).__enter__()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _quiet_beam():
    logging.getLogger("apache_beam").setLevel(logging.WARNING)


@pytest.fixture
def coder_fails_on(monkeypatch):
    """coder_fails_on(marker): the event coder raises on any text containing `marker`,
    wherever the product calls it (the pipeline and `diplowire tag`)."""
    from transforms import events, tagging
    real_tag_text = tagging.tag_text

    def failing_on(marker: str) -> None:
        def tag_text(text, date=None, lexicon=None):
            if marker in text:
                raise IndexError("a rule ran off the end")
            return real_tag_text(text, date, lexicon)
        monkeypatch.setattr(tagging, "tag_text", tag_text)
        monkeypatch.setattr(events, "tag_text", tag_text)
    return failing_on
