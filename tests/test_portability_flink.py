"""Portability: the bounded pipeline, run on the bundled sample on a distributed engine (Flink,
through Beam's Flink job server and Python's FlinkRunner), writes the same warehouse rows as
the default run: the same row count and the same primary keys in every table.

The job server jar comes from deploy/local/provision_flink.sh (Maven Central, cached). Where
it cannot be had the Flink test is skipped, saying why; DIPLOWIRE_REQUIRE_FLINK=1 makes that a
failure, and DIPLOWIRE_FLINK_JOB_SERVER_JAR=PATH gives a jar got elsewhere.

A second test runs the same comparison on Prism through the same portable path (job service,
artifact staging, the Fn API, a LOOPBACK SDK harness): not a distributed engine, but it keeps
this harness and the pipeline's portable translation checked where no Flink jar is to be had.
"""
import os
import pathlib
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from schemas.tables import TABLES

pytestmark = [pytest.mark.dataflow, pytest.mark.e2e]

ROOT = pathlib.Path(__file__).resolve().parents[1]
PROVISION_FLINK = ROOT / "deploy" / "local" / "provision_flink.sh"
RUN_TIMEOUT = 900  # seconds; the first Flink run starts a JVM and a Flink mini-cluster
EXPECTED_ROWS = {"articles": 67, "dead_letters": 5, "stories": 50, "events": 363,
                 "mentions": 491, "entities": 1224}


@pytest.fixture(scope="module")
def flink_job_server_jar() -> str:
    """The jar's path, provisioned (or found cached) by deploy/local/provision_flink.sh."""
    try:
        proc = subprocess.run(["bash", str(PROVISION_FLINK), sys.executable],
                              capture_output=True, text=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        reason = "provisioning Beam's Flink job server timed out"
    else:
        if proc.returncode == 0:
            return proc.stdout.strip().splitlines()[-1]
        reason = " | ".join(proc.stderr.strip().splitlines()[-3:])
    if os.environ.get("DIPLOWIRE_REQUIRE_FLINK") == "1":
        pytest.fail(f"Flink job server not provisioned: {reason}")
    pytest.skip(f"Flink job server not provisioned: {reason}")


def _run(warehouse: pathlib.Path, *beam_args: str) -> float:
    """One bounded run on the sample through the CLI, in its own process group (a runner's
    job server is a child process: a timeout ends it too); returns the wall time."""
    command = [sys.executable, "-m", "pipelines.cli", "run", "--warehouse",
               f"duckdb:{warehouse}", *beam_args]
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        output, _ = proc.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        output, _ = proc.communicate()
        pytest.fail(f"run timed out after {RUN_TIMEOUT} s: {' '.join(command)}\n"
                    f"{output[-4000:]}")
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, f"{' '.join(command)} exited {proc.returncode}\n{output[-6000:]}"
    return elapsed


def _warehouse_keys(warehouse: pathlib.Path) -> dict[str, list[tuple]]:
    """Every table's primary keys, as stored (a list, so duplicates would show)."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return {name: connection.execute(
                    f"SELECT {', '.join(table.primary_key)} FROM {name} "
                    f"ORDER BY {', '.join(table.primary_key)}").fetchall()
                for name, table in TABLES.items()}


def _assert_same_rows(default: dict[str, list[tuple]], other: dict[str, list[tuple]],
                      engine: str) -> None:
    counts = {name: len(keys) for name, keys in default.items()}
    assert counts == EXPECTED_ROWS, counts
    for name, keys in default.items():
        assert len(other[name]) == len(keys), (
            f"{name}: {len(other[name])} rows on {engine}, {len(keys)} by default")
        only_default = set(keys) - set(other[name])
        only_other = set(other[name]) - set(keys)
        assert not only_default and not only_other, (
            f"{name}: {len(only_default)} keys only in the default run "
            f"(e.g. {sorted(only_default)[:3]}), {len(only_other)} only on {engine} "
            f"(e.g. {sorted(only_other)[:3]})")


def _report(capsys, engine: str, default_seconds: float, other_seconds: float) -> None:
    with capsys.disabled():
        print(f"\n[portability] bounded run on the sample: default runner "
              f"{default_seconds:.1f} s, {engine} {other_seconds:.1f} s")


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("default") / "diplowire.duckdb"
    seconds = _run(warehouse)
    return _warehouse_keys(warehouse), seconds


def test_flink_run_writes_the_same_rows_as_the_default_run(flink_job_server_jar, default_run,
                                                           tmp_path, capsys):
    jar = flink_job_server_jar
    default_keys, default_seconds = default_run
    warehouse = tmp_path / "flink.duckdb"
    # [local]: the job server runs the job on an embedded Flink mini-cluster; LOOPBACK: the
    # Python SDK harness runs in the launching process, which also serves the sample.
    flink_seconds = _run(warehouse, "--runner=FlinkRunner", "--flink_master=[local]",
                         f"--flink_job_server_jar={jar}", "--environment_type=LOOPBACK",
                         "--parallelism=2")
    _report(capsys, "FlinkRunner ([local], LOOPBACK)", default_seconds, flink_seconds)
    _assert_same_rows(default_keys, _warehouse_keys(warehouse), "Flink")


def test_portable_loopback_run_on_prism_writes_the_same_rows(default_run, tmp_path, capsys):
    from apache_beam.options.pipeline_options import PipelineOptions
    from pipelines.launch import PROVISION_HINT, prism_available
    if not prism_available(PipelineOptions([])):
        pytest.skip(f"Prism is not provisioned: {PROVISION_HINT}")
    default_keys, default_seconds = default_run
    warehouse = tmp_path / "prism.duckdb"
    prism_seconds = _run(warehouse, "--runner=PrismRunner", "--environment_type=LOOPBACK")
    _report(capsys, "PrismRunner (LOOPBACK)", default_seconds, prism_seconds)
    _assert_same_rows(default_keys, _warehouse_keys(warehouse), "Prism")
