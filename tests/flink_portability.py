"""Portability to a distributed engine: the bounded pipeline on the sample on Flink, through
Beam's Flink job server (deploy/local/provision_flink.sh fetches the jar from Maven Central,
or DIPLOWIRE_FLINK_JOB_SERVER_JAR=PATH gives one), writes the same rows as the default run.

Not part of `make test`: run it with `make portability-flink`. It fails, saying why, when
no job server jar can be had.
"""
import subprocess
import sys

import pytest

from tests.test_portability import (PROVISION_FLINK, RUN_TIMEOUT, _assert_same_rows, _report,
                                    _run, _warehouse_keys, default_run)  # noqa: F401

pytestmark = [pytest.mark.dataflow, pytest.mark.e2e]


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
    pytest.fail(f"Flink job server not provisioned: {reason}")


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
