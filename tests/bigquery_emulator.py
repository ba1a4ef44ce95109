"""A local BigQuery emulator for tests: local-bigquery, in its own process on 127.0.0.1.

local-bigquery (https://github.com/novucs/local-bigquery) serves the BigQuery REST API and
the Storage Read/Write API (gRPC) on DuckDB. It needs Python 3.13 and DuckDB 1.5.5, so it
runs from its own virtual environment (.venv-bigquery, made by
deploy/local/provision_bigquery_emulator.sh; a no-op once made), never in-process.

    with bigquery_emulator() as emulator:
        client = emulator.client()             # google-cloud-bigquery, anonymous credentials
        client.query_and_wait("SELECT 1")

or, in a test module, `emulator = bigquery_emulator_fixture(scope="module")`.

The server is started as
    .venv-bigquery/bin/bigquery-emulator serve --host 127.0.0.1 --port REST --grpc-port GRPC \
        --project diplowire-test --data-dir TMP/data
(`bigquery-emulator` is `local-bigquery` with HOME pointing at the DuckDB extensions the
provisioning installed), on free ports, with a data directory that is deleted afterwards;
its environment is reduced to PATH/locale/TMPDIR, as local-bigquery reads settings such as
STORAGE_EMULATOR_HOST or DATA_DIR from the environment. It is stopped (its whole process
group) when the context exits, whether or not the test failed, at interpreter exit if the
context was never closed, and, on Linux, when the thread that started it dies.

Nothing here reaches beyond 127.0.0.1: `client()` also routes the BigQuery Storage API,
which google-cloud-bigquery uses for to_arrow()/to_dataframe() and would otherwise open at
bigquerystorage.googleapis.com, to the emulator's gRPC port.
"""
from __future__ import annotations

import atexit
import contextlib
import dataclasses
import functools
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Iterator, Optional

ROOT = Path(__file__).resolve().parents[1]
PROVISION_SCRIPT = ROOT / "deploy" / "local" / "provision_bigquery_emulator.sh"
DEFAULT_VENV = ROOT / ".venv-bigquery"
PROJECT = "diplowire-test"
# The emulator's own default dataset; local-bigquery creates it in every project.
DEFAULT_DATASET = "local"


class EmulatorUnavailable(RuntimeError):
    """The emulator could not be provisioned or started; the message says why."""


def provision(venv: Optional[Path] = None) -> Path:
    """Run the provisioning script (fast when already provisioned); return the launcher."""
    venv = Path(venv or os.environ.get("DIPLOWIRE_BIGQUERY_VENV") or DEFAULT_VENV)
    done = subprocess.run(["bash", str(PROVISION_SCRIPT), str(venv)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise EmulatorUnavailable(
            f"{PROVISION_SCRIPT.relative_to(ROOT)} failed (exit {done.returncode}):\n"
            f"{done.stdout}{done.stderr}\n"
            "Tests that need it are marked `bigquery`; deselect them with -m 'not bigquery'.")
    return venv / "bin" / "bigquery-emulator"


@dataclasses.dataclass
class BigQueryEmulator:
    endpoint: str                 # "http://127.0.0.1:PORT", the REST API
    grpc_address: str             # "127.0.0.1:PORT", the BigQuery Storage API
    project: str
    data_dir: Path
    log_path: Path
    process: subprocess.Popen
    startup_seconds: float        # from spawning the process to its first answer
    provision_seconds: float

    def client(self, **kwargs):
        """A google-cloud-bigquery Client for the emulator, with anonymous credentials; its
        Storage API (to_arrow, to_dataframe) goes to the emulator too."""
        from google.auth.credentials import AnonymousCredentials
        from google.cloud import bigquery

        client = bigquery.Client(project=kwargs.pop("project", self.project),
                                 credentials=AnonymousCredentials(),
                                 client_options={"api_endpoint": self.endpoint}, **kwargs)

        def ensure_bqstorage_client(bqstorage_client=None, **_ignored):
            return bqstorage_client or self.bqstorage_client()

        # Every path of google-cloud-bigquery 3.x to a Storage client goes through this
        # method, which would otherwise build one for bigquerystorage.googleapis.com.
        client._ensure_bqstorage_client = ensure_bqstorage_client
        return client

    def bqstorage_client(self):
        """A BigQuery Storage Read client on the emulator's gRPC port (plain, no TLS)."""
        import grpc
        from google.cloud import bigquery_storage_v1
        from google.cloud.bigquery_storage_v1.services.big_query_read.transports import (
            BigQueryReadGrpcTransport)
        channel = grpc.insecure_channel(self.grpc_address, options=[("grpc.enable_http_proxy", 0)])
        return bigquery_storage_v1.BigQueryReadClient(
            transport=BigQueryReadGrpcTransport(channel=channel))

    def create_dataset(self, prefix: str = "test", client=None) -> str:
        """A new, uniquely named dataset; returns its "project.dataset" id."""
        dataset_id = f"{self.project}.{prefix}_{uuid.uuid4().hex[:12]}"
        (client or self.client()).create_dataset(dataset_id)
        return dataset_id

    @contextlib.contextmanager
    def beam_clients(self) -> Iterator[None]:
        """Point Beam's own BigQuery clients (as WriteToBigQuery/ReadFromBigQuery make them)
        at the emulator, in this process, for the duration of the context:
        - the apitools client: `BigqueryV2.BASE_URL` = ENDPOINT/bigquery/v2/;
        - google-cloud-bigquery clients made without client_options: BIGQUERY_EMULATOR_HOST;
        - credentials: anonymous, for Beam's apitools adapter and for google.auth.default(),
          so nothing looks for ADC, the GCE metadata server or an OAuth flow.
        Only for runners that execute in this process (FnApiRunner, DirectRunner in-process);
        workers in other processes do not see these patches."""
        import google.auth
        from apache_beam.internal.gcp import auth as beam_auth
        from apache_beam.io.gcp.internal.clients import bigquery as beam_bigquery
        from google.auth.credentials import AnonymousCredentials

        project = self.project

        def anonymous_default(*_args, **_kwargs):
            return AnonymousCredentials(), project

        saved_env = {k: os.environ.get(k) for k in ("BIGQUERY_EMULATOR_HOST", "GOOGLE_CLOUD_PROJECT")}
        saved = (beam_bigquery.BigqueryV2.BASE_URL, google.auth.default,
                 beam_auth._Credentials._credentials, beam_auth._Credentials._credentials_init)
        beam_bigquery.BigqueryV2.BASE_URL = f"{self.endpoint}/bigquery/v2/"
        os.environ["BIGQUERY_EMULATOR_HOST"] = self.endpoint
        os.environ["GOOGLE_CLOUD_PROJECT"] = project
        google.auth.default = anonymous_default
        with beam_auth._Credentials._credentials_lock:
            beam_auth._Credentials._credentials = beam_auth._ApitoolsCredentialsAdapter(
                AnonymousCredentials())
            beam_auth._Credentials._credentials_init = True
        try:
            yield
        finally:
            (beam_bigquery.BigqueryV2.BASE_URL, google.auth.default,
             beam_auth._Credentials._credentials, beam_auth._Credentials._credentials_init) = saved
            for key, value in saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


def _free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _server_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k in ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _die_with_parent():
    """preexec_fn: on Linux, SIGTERM the server if the thread that started it dies."""
    if sys.platform.startswith("linux"):
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)

        def set_pdeathsig():
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        return set_pdeathsig
    return None


def _stop(process: subprocess.Popen, timeout: float = 10.0) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)  # the group led by the server (own session)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout)


def _answers(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def _start(launcher: Path, project: str, workdir: Path, attempt: int,
           startup_timeout: float) -> tuple[subprocess.Popen, int, int, float, Path]:
    rest_port, grpc_port = _free_ports(2)
    log_path = workdir / f"server-{attempt}.log"
    command = [str(launcher), "serve", "--host", "127.0.0.1", "--port", str(rest_port),
               "--grpc-port", str(grpc_port), "--project", project,
               "--data-dir", str(workdir / "data")]
    started = time.monotonic()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, env=_server_env(), cwd=workdir,
                                   start_new_session=True, preexec_fn=_die_with_parent())
    # Listing the project's datasets answers only once DuckDB and the project's DuckLake
    # catalog are open (local-bigquery opens them on first use), so tests start warm.
    ready_url = f"http://127.0.0.1:{rest_port}/bigquery/v2/projects/{project}/datasets"
    while time.monotonic() - started < startup_timeout:
        if process.poll() is not None:
            return process, rest_port, grpc_port, -1.0, log_path
        if _answers(ready_url):
            return process, rest_port, grpc_port, time.monotonic() - started, log_path
        time.sleep(0.05)
    _stop(process)
    raise EmulatorUnavailable(
        f"local-bigquery did not answer {ready_url} within {startup_timeout:.0f}s:\n"
        + log_path.read_text(errors="replace")[-4000:])


@contextlib.contextmanager
def bigquery_emulator(project: str = PROJECT, venv: Optional[Path] = None,
                      startup_timeout: float = 60.0) -> Iterator[BigQueryEmulator]:
    """Provision if needed, start local-bigquery on 127.0.0.1, yield a BigQueryEmulator,
    stop it afterwards."""
    t0 = time.monotonic()
    launcher = provision(venv)
    provision_seconds = time.monotonic() - t0
    with tempfile.TemporaryDirectory(prefix="diplowire-bigquery-") as tmp:
        workdir = Path(tmp)
        for attempt in range(3):  # a port taken between choosing and binding: try others
            process, rest_port, grpc_port, startup, log_path = _start(
                launcher, project, workdir, attempt, startup_timeout)
            if startup >= 0:
                break
        else:
            raise EmulatorUnavailable(
                f"local-bigquery exited with {process.returncode} on start-up:\n"
                + log_path.read_text(errors="replace")[-4000:])
        stop = functools.partial(_stop, process)
        atexit.register(stop)
        emulator = BigQueryEmulator(
            endpoint=f"http://127.0.0.1:{rest_port}", grpc_address=f"127.0.0.1:{grpc_port}",
            project=project, data_dir=workdir / "data", log_path=log_path, process=process,
            startup_seconds=startup, provision_seconds=provision_seconds)
        try:
            yield emulator
        finally:
            stop()
            atexit.unregister(stop)


def bigquery_emulator_fixture(scope: str = "module", **kwargs):
    """A pytest fixture that yields a running BigQueryEmulator, e.g. in a test module:
        emulator = bigquery_emulator_fixture(scope="module")"""
    import pytest

    @pytest.fixture(scope=scope)
    def _emulator():
        with bigquery_emulator(**kwargs) as emulator:
            yield emulator
    return _emulator
