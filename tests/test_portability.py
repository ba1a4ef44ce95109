"""Portability: the bounded pipeline on the bundled sample, run through Beam's portable path
(job service, artifact staging, the Fn API, a LOOPBACK SDK harness) on another runner, writes
the same warehouse rows as the default run: the same row count and the same primary keys in
every table.

Here the other runner is Prism. A distributed engine (Flink, through Beam's Flink job server)
is checked by `make portability-flink` (tests/flink_portability.py), which needs the job
server jar from Maven Central: deploy/local/provision_flink.sh.
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
RUN_TIMEOUT = 900  # seconds; a Flink run starts a JVM and a Flink mini-cluster
EXPECTED_ROWS = {"articles": 67, "dead_letters": 5, "stories": 50, "events": 520,
                 "mentions": 711, "entities": 1264}


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


def test_portable_loopback_run_on_prism_writes_the_same_rows(default_run, tmp_path, capsys):
    from apache_beam.options.pipeline_options import PipelineOptions
    from pipelines.launch import PROVISION_HINT, prism_available
    assert prism_available(PipelineOptions([])), f"Prism is not provisioned: {PROVISION_HINT}"
    default_keys, default_seconds = default_run
    warehouse = tmp_path / "prism.duckdb"
    prism_seconds = _run(warehouse, "--runner=PrismRunner", "--environment_type=LOOPBACK")
    _report(capsys, "PrismRunner (LOOPBACK)", default_seconds, prism_seconds)
    _assert_same_rows(default_keys, _warehouse_keys(warehouse), "Prism")
