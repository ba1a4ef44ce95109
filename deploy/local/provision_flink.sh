#!/usr/bin/env bash
# Provision Beam's Flink job server, the jar that Python's FlinkRunner starts to run a
# pipeline on Flink (with --flink_master=[local]: an embedded Flink mini-cluster).
#
# It is taken from Maven Central with mvn, as
#   org.apache.beam:beam-runners-flink-<flink minor>-job-server:<beam version>
# and kept in a cache dir; nothing is fetched when the jar is already there. The Beam version
# is the installed apache_beam's; the Flink minors are those Beam publishes a job server for
# (FlinkRunnerOptions.PUBLISHED_FLINK_VERSIONS, e.g. 1.19 1.20 2.0 2.1 2.2 for Beam 2.77).
#
# usage: deploy/local/provision_flink.sh [PYTHON]   (PYTHON: the interpreter with apache_beam)
# env:   FLINK_VERSION              a Flink minor (default: Beam's default, the newest), or
#                                   "any": the newest that the registry serves
#        DIPLOWIRE_FLINK_CACHE      where jars are kept (default ~/.cache/diplowire/flink)
#        DIPLOWIRE_FLINK_JOB_SERVER_JAR
#                                   a job-server jar got elsewhere (say, built from Beam's
#                                   source with ./gradlew :runners:flink:2.2:job-server:shadowJar);
#                                   used as it is when the file exists
# The jar's path is the last line on stdout. Exit 0: provisioned; 1: the registry does not
# serve it; 2: mvn or java is missing, or the arguments are wrong.
set -euo pipefail

python="${1:-python3}"
cache="${DIPLOWIRE_FLINK_CACHE:-$HOME/.cache/diplowire/flink}"
say() { echo "flink: $*" >&2; }

if [ -n "${DIPLOWIRE_FLINK_JOB_SERVER_JAR:-}" ]; then
    if [ -f "$DIPLOWIRE_FLINK_JOB_SERVER_JAR" ]; then
        say "using DIPLOWIRE_FLINK_JOB_SERVER_JAR"
        echo "$DIPLOWIRE_FLINK_JOB_SERVER_JAR"
        exit 0
    fi
    say "DIPLOWIRE_FLINK_JOB_SERVER_JAR=$DIPLOWIRE_FLINK_JOB_SERVER_JAR is not a file"
    exit 2
fi

# Beam's version and Flink minors, read without importing apache_beam (which takes seconds).
read -r beam published < <("$python" - <<'EOF'
import importlib.metadata, importlib.util, pathlib, re
spec = importlib.util.find_spec("apache_beam")
source = (pathlib.Path(spec.origin).parent / "options" / "pipeline_options.py").read_text()
found = re.search(r"PUBLISHED_FLINK_VERSIONS\s*=\s*\[([^\]]*)\]", source)
minors = re.findall(r"'([0-9.]+)'", found.group(1)) if found else []
print(importlib.metadata.version("apache-beam"), ",".join(minors))
EOF
) || { say "cannot read apache_beam's version with $python"; exit 2; }
IFS=, read -r -a minors <<<"$published"
[ "${#minors[@]}" -gt 0 ] || { say "apache_beam $beam lists no Flink versions"; exit 2; }

wanted="${FLINK_VERSION:-${minors[-1]}}"
if [ "$wanted" = any ]; then
    candidates=()
    for ((i = ${#minors[@]} - 1; i >= 0; i--)); do candidates+=("${minors[i]}"); done
else
    case " ${minors[*]} " in
        *" $wanted "*) candidates=("$wanted") ;;
        *) say "Beam $beam publishes no Flink $wanted job server (it has: ${minors[*]})"; exit 2 ;;
    esac
fi

jar_name() { echo "beam-runners-flink-$1-job-server-$beam.jar"; }
for minor in "${candidates[@]}"; do
    if [ -s "$cache/$(jar_name "$minor")" ]; then
        say "$cache/$(jar_name "$minor") is provisioned"
        echo "$cache/$(jar_name "$minor")"
        exit 0
    fi
done

missing=()
command -v mvn >/dev/null 2>&1 || missing+=("mvn (Maven: apt-get install maven)")
command -v java >/dev/null 2>&1 || missing+=("java (a JDK 11+, 17 recommended: apt-get install openjdk-17-jre-headless)")
if [ "${#missing[@]}" -gt 0 ]; then
    say "cannot provision Beam's Flink job server: missing ${missing[*]}"
    exit 2
fi

mkdir -p "$cache"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for minor in "${candidates[@]}"; do
    coordinates="org.apache.beam:beam-runners-flink-$minor-job-server:$beam"
    say "fetching $coordinates with mvn (one large shaded jar)"
    # From an empty dir, so that no pom.xml around is taken for the project; -U so that an
    # earlier "not found", which Maven remembers for a day, is asked again.
    if (cd "$work" && mvn -B -q -U dependency:copy -Dartifact="$coordinates" \
            -Dmdep.stripVersion=false -DoutputDirectory="$work/out" >"$work/mvn.log" 2>&1); then
        mv "$work/out/$(jar_name "$minor")" "$cache/$(jar_name "$minor").part"
        mv "$cache/$(jar_name "$minor").part" "$cache/$(jar_name "$minor")"
        say "installed $cache/$(jar_name "$minor")"
        echo "$cache/$(jar_name "$minor")"
        exit 0
    fi
    reason="$(grep -m1 -o 'Could not find artifact[^]]*\|Could not transfer artifact.*\|Couldn.t download artifact.*' "$work/mvn.log" || true)"
    say "mvn could not get $coordinates: ${reason:-see below}"
    [ -n "$reason" ] || tail -n 20 "$work/mvn.log" >&2
done
say "no Beam $beam Flink job server (Flink ${candidates[*]}) could be had from the registry;" \
    "give one with DIPLOWIRE_FLINK_JOB_SERVER_JAR=PATH"
exit 1
