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
