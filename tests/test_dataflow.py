"""The Dataflow deployment, checked offline: both job graphs build with DataflowRunner's dry
run, the template's parameters are the options class's, step labels are pinned (a rename
breaks `--update` of a running job, so it must be a conscious change), and the package
builds an sdist that installs with everything a worker needs."""
import json
import pathlib
import subprocess
import sys
import tarfile

import pytest
from apache_beam.options.pipeline_options import PipelineOptions

from pipelines import dataflow_main, template_metadata

pytestmark = pytest.mark.dataflow

ROOT = pathlib.Path(__file__).resolve().parent.parent
LABELS_FILE = pathlib.Path(__file__).resolve().parent / "dataflow_step_labels.json"
DATAFLOW = ["--runner=DataflowRunner", "--project=diplowire-test", "--region=europe-west1",
            "--temp_location=gs://diplowire-test/tmp",
            "--warehouse=bigquery:diplowire-test.diplowire",
            # Also when only building: without it, validating the options checks the gs://
            # bucket over the network.
            "--dry_run=True"]


FEEDS_YAML = ("feeds:\n  - url: http://feeds.a.example/rss\n"
              "  - {url: http://b.example/atom.xml, poll_interval: 120}\n")


@pytest.fixture(scope="module")
def feeds(tmp_path_factory):
    path = tmp_path_factory.mktemp("feeds") / "feeds.yaml"
    path.write_text(FEEDS_YAML)
    return str(path)


def step_labels(feeds_path: str, mode: str) -> list[str]:
    argv = DATAFLOW + [f"--feeds={feeds_path}"] + (["--streaming"] if mode == "streaming" else [])
    pipeline = dataflow_main.build(PipelineOptions(argv))
    return sorted(t.unique_name for t in pipeline.to_runner_api().components.transforms.values())


@pytest.mark.parametrize("mode", ["bounded", "streaming"])
def test_dry_run_builds_the_job_graph_offline(feeds, mode):
    argv = DATAFLOW + [f"--feeds={feeds}"]
    if mode == "streaming":
        argv.append("--streaming=true")
    result = dataflow_main.submit(argv)
    assert str(result.state).endswith("DONE")


@pytest.mark.parametrize("mode", ["bounded", "streaming"])
def test_step_labels_are_unique_and_pinned(feeds, mode):
    labels = step_labels(feeds, mode)
    assert len(labels) == len(set(labels))
    pinned = json.loads(LABELS_FILE.read_text())[mode]
    assert labels == pinned, (
        "step labels changed; a running job cannot be --update'd across a rename without a "
        "--transform_name_mapping. If intended: python -m tests.test_dataflow")


def test_template_parameters_are_the_pipeline_options():
    names = [p["name"] for p in template_metadata.metadata()["parameters"]]
    assert len(names) == len(set(names))
    assert set(names) == {"streaming"} | (set(template_metadata.option_names())
                                          - template_metadata.LOCAL_ONLY)
    assert json.loads((ROOT / "deploy/dataflow/metadata.json").read_text()) == \
        template_metadata.metadata(), "run python -m pipelines.template_metadata"


def test_template_flags_accept_true_and_false():
    assert dataflow_main.normalise_boolean_flags(
        ["--streaming=true", "--ignore_robots=false", "--feeds=x"]) == ["--streaming", "--feeds=x"]
    with pytest.raises(ValueError):
        dataflow_main.normalise_boolean_flags(["--streaming=maybe"])


def test_dataflow_needs_bigquery_and_a_feed_list(feeds):
    with pytest.raises(ValueError, match="bigquery"):
        dataflow_main.build(PipelineOptions([f"--feeds={feeds}", "--warehouse=duckdb:x.duckdb"]))
    with pytest.raises(ValueError, match="--feeds"):
        dataflow_main.build(PipelineOptions(DATAFLOW))


def test_sdist_installs_with_the_data_a_worker_needs(tmp_path):
    subprocess.run([sys.executable, "setup.py", "-q", "sdist", "--dist-dir", str(tmp_path)],
                   cwd=ROOT, check=True, capture_output=True)
    [sdist] = tmp_path.glob("diplowire-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    for needed in ("transforms/dictionaries/actors.json.gz", "schemas/queries/top_stories.sql",
                   "samples/manifest.json", "requirements.lock",
                   # (what Cython compiles the tagger and its tokenizer with)
                   "transforms/tagging.pxd", "transforms/text.pxd"):
        assert any(n.endswith(needed) for n in names), needed
    target = tmp_path / "site"
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                                "--no-build-isolation", "--target", str(target), str(sdist)],
                               capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr[-3000:]
    # (the tagger and tokenizer compiled, as in the Dataflow image, which installs the
    # package the same way)
    check = ("import transforms.tagging as t, transforms.compiled as c, schemas.queries as q; "
             "assert not c.not_compiled(), c.not_compiled(); "
             "assert t.default_lexicon(); assert 'top_stories' in q.names(); print('ok')")
    out = subprocess.run([sys.executable, "-c", check], cwd=tmp_path, capture_output=True,
                         text=True, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "ok", out.stderr[-2000:]


if __name__ == "__main__":
    # Re-pin the step labels after a deliberate rename.
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        feeds_file = pathlib.Path(tmp) / "feeds.yaml"
        feeds_file.write_text(FEEDS_YAML)
        pinned = {mode: step_labels(str(feeds_file), mode) for mode in ("bounded", "streaming")}
    LABELS_FILE.write_text(json.dumps(pinned, indent=1) + "\n")
    print(f"wrote {LABELS_FILE}")


def test_the_image_runs_the_beam_version_of_setup_py():
    setup = (ROOT / "setup.py").read_text()
    dockerfile = (ROOT / "deploy/dataflow/Dockerfile").read_text()
    beam = setup.split('"apache-beam[gcp]==', 1)[1].split('"', 1)[0]
    assert f"FROM apache/beam_python3.11_sdk:{beam}\n" in dockerfile
    assert "pip check" in dockerfile and "-c requirements.lock" in dockerfile


def test_deploy_script_launches_with_the_template_parameters():
    env = {"PATH": "/usr/bin:/bin", "PROJECT": "p", "REGION": "europe-west1",
           "BUCKET": "gs://b", "FEEDS": "gs://b/feeds.yaml", "DRY_RUN": "1", "TAG": "t1",
           "SERVICE_ACCOUNT": "diplowire@p.iam.gserviceaccount.com"}
    script = str(ROOT / "deploy/dataflow/deploy.sh")
    streaming = subprocess.run([script, "streaming"], env=env, capture_output=True, text=True,
                               check=True).stdout
    assert "flex-template run diplowire-streaming" in streaming
    assert "--enable-streaming-engine" in streaming and "streaming=true" in streaming
    declared = {p["name"] for p in template_metadata.metadata()["parameters"]}
    passed = {kv.split("=", 1)[0] for kv in
              streaming.split("--parameters ", 1)[1].split(" ", 1)[0].split("\\,")}
    # every diplowire parameter the launch passes is declared in metadata.json
    assert {"feeds", "warehouse", "streaming"} <= passed
    assert passed - {"sdk_container_image", "max_num_workers"} <= declared
    update = subprocess.run([script, "update"], env=env, capture_output=True, text=True,
                            check=True).stdout
    assert "--update" in update and "diplowire-streaming" in update
    missing = subprocess.run([script, "streaming"], env={**env, "FEEDS": ""},
                             capture_output=True, text=True)
    assert missing.returncode != 0 and "FEEDS" in missing.stderr
