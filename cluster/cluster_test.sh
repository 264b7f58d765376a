#!/usr/bin/env bash
# make cluster-test: the workflow on a real (one-node) SLURM through profiles/slurm and the pinned executor plugin.
#
# 1. Starts munge, slurmctld and slurmd (cluster/one_node_slurm.sh; installs the Debian packages if missing, as root).
# 2. Part of the smoke workflow through the profile, filled in for this cluster (partitions "cpu" and "gpu", jobs of
#    at most 1 min that stop 18 s before their end): a theory figure (2 jobs), a MoG run, and one image run whose
#    training outlasts its job's time limit: it must finish in at least 3 jobs, each stopped before its limit and
#    resubmitted by Snakemake (rule image_train's retries). At least 3 on any machine, fast or loaded: every step of
#    a sliced job lasts at least PACE s (config cluster.min_step_seconds), so a job, which trains for at most
#    WINDOW = 60 s * (1 - 0.3) = 42 s, takes at most WINDOW / PACE steps, and the run has more than twice that.
#    Meanwhile the same run trains uninterrupted (and unpaced) here, without SLURM, from the same inputs (tfds mock
#    data and the stand-in classifier, made here first).
# 3. tests/test_cluster_run.py compares the two (weights bit for bit, evaluations) and reads the scheduler's record of
#    the sliced run's jobs (<state>/jobcomp.log).
# 4. Stops the daemons it started, by process id, after cancelling every job (also on failure).
#
# Everything is written under results/cluster-test/ (git-ignored), which is removed first.
#
#   cluster/cluster_test.sh                     the test (fails where it cannot run)
#   cluster/cluster_test.sh --can-run           prints "yes" or "no: <reason>": whether it can run here (exit status 0)
#   cluster/cluster_test.sh --if-possible [NOTE]  make test / make cluster-test: the test where it can run; elsewhere
#       the line "cluster test: not run (<reason>)NOTE" and exit status 0, or, with REQUIRE_CLUSTER_TEST=1 (CI),
#       that reason on stderr and exit status 1
set -euo pipefail

# Where it can run: as root, always (one_node_slurm.sh installs the Debian packages if missing). As another user,
# never, even with SLURM installed: the slurm.conf that one_node_slurm.sh writes has SlurmUser=root and
# SlurmdUser=root (slurmctld setuid()s to SlurmUser and stops when it cannot), and it links /etc/slurm/slurm.conf
# (root's). So, without root, the reason only says what is missing. CLUSTER_TEST_UID stands in for `id -u`, for
# tests/test_make_test_policy.py only (only builtins run here, so that a test can fake PATH).
can_run() {
    local uid=${CLUSTER_TEST_UID:-$(id -u)} cmd missing=()
    if [[ $uid -eq 0 ]]; then
        echo yes
        return
    fi
    for cmd in slurmctld slurmd munged sbatch; do   # what one_node_slurm.sh's install_packages checks
        command -v "$cmd" >/dev/null || missing+=("$cmd")
    done
    if ((${#missing[@]})); then
        echo "no: not root and SLURM is not installed, no ${missing[*]}; as root, apt-get install slurmctld slurmd" \
            "slurm-client munge, or run make test as root"
    else
        echo "no: not root, and cluster/one_node_slurm.sh runs slurmctld and slurmd as root (SlurmUser=root," \
            "SlurmdUser=root) and links /etc/slurm/slurm.conf; run make test as root"
    fi
}

case ${1:-} in
    --can-run)
        can_run
        exit 0
        ;;
    --if-possible)
        verdict=$(can_run)
        if [[ $verdict != yes ]]; then
            if [[ ${REQUIRE_CLUSTER_TEST:-} == 1 ]]; then
                echo "cluster test: required (REQUIRE_CLUSTER_TEST=1) but cannot run here (${verdict#no: })" >&2
                exit 1
            fi
            # make test's last line: nothing runs after this step
            echo "cluster test: not run (${verdict#no: })${2:-}"
            exit 0
        fi
        ;;
    "") ;;
    *)
        echo "usage: $0 [--can-run | --if-possible [NOTE]]" >&2
        exit 2
        ;;
esac

cd "$(dirname "$0")/.."
repo=$(pwd)
bin=$repo/.venv/bin
work=$repo/results/cluster-test
state=$work/slurm
started=$(date +%s)

rm -rf "$work"
mkdir -p "$work/run" "$work/reference" "$work/profile"
cluster/one_node_slurm.sh start "$state"
reference=
finish() {   # on any exit: the reference run, every job and the daemons
    local rc=$?
    set +e
    [[ -n $reference ]] && kill "$reference" 2>/dev/null
    cluster/one_node_slurm.sh stop "$state" || rc=1
    exit "$rc"
}
trap finish EXIT
export SLURM_CONF=$state/slurm.conf

# The profile and its cluster file as a user fills them in: this cluster's partitions, no account, a job limit.
# The pace (PACE s a step) is this test's, not a cluster's: appended to the copy (the file ends in its `cluster:` map).
limit_min=1 margin_min=0.3 pace_s=0.3 steps=290 width=${CLUSTER_TEST_WIDTH:-8}
sed -e 's/"<your CPU partition>"/cpu/' -e 's/"<your GPU partition>"/gpu/' \
    -e "s/max_job_minutes: [0-9]*/max_job_minutes: $limit_min/" \
    -e "s/stop_margin_minutes: [0-9.]*/stop_margin_minutes: $margin_min/" \
    profiles/slurm/cluster.yaml >"$work/cluster.yaml"
grep -q "max_job_minutes: $limit_min " "$work/cluster.yaml" && grep -q "gpu_partition: gpu " "$work/cluster.yaml" \
    && [[ $(tail -n 1 "$work/cluster.yaml") == "  "* ]] \
    || { echo "cluster-test: profiles/slurm/cluster.yaml no longer has the fields this test fills in" >&2; exit 1; }
echo "  min_step_seconds: $pace_s" >>"$work/cluster.yaml"
sed "s#profiles/slurm/cluster.yaml#$work/cluster.yaml#" profiles/slurm/config.yaml >"$work/profile/config.yaml"

# The sliced run: the smoke scale's Figure 4 cifar-10 network (dcgan4_nobn, ConOpt), small (width 8, batch 16: a
# step costs well under PACE here, loaded or not), 290 steps: at most 140 steps a job (42 s / 0.3 s), so at least 3
# jobs (tests/test_cluster_run.py checks the bound and each job's steps from the files); 3 where a job's start-up
# before its first step takes under 14 s, more where it takes longer (a loaded machine). CLUSTER_TEST_WIDTH: another
# width, a cheaper or dearer step (the job count does not change while a step costs less than PACE).
common="{\"width\": $width, \"batch_size\": 16, \"steps\": $steps, \"eval_every\": 50}"
sliced_images="images={\"common\": $common, \"max_steps\": $steps}"
# the estimate that sets the retries: up to 15 jobs (a loaded machine's jobs train less after a longer start-up)
sliced_estimate='resources={"train_image": {"runtime": 10}}'
run_id=$(PYTHONPATH=src "$bin/python" -c '
import json, sys
from numerics_of_gans.config import resolve
from numerics_of_gans.images.runs import all_runs
overrides = {"scale": "smoke", "images": json.loads(sys.argv[1].split("=", 1)[1])}
[run] = [r for r in all_runs(resolve(overrides)["images"]).values()
         if (r.dataset, r.arch, r.method, r.lr, r.gamma) == ("cifar10", "dcgan4_nobn", "conopt", 1e-4, 10)]
print(run.run_id)' "$sliced_images")
run_dir=results/smoke/images/$run_id

smoke=(--config scale=smoke "$sliced_images" "$sliced_estimate")
inputs=(results/smoke/data/cifar10.json results/smoke/images/classifier.keras)

# The image run's inputs (tfds mock data, the stand-in classifier) are made here first, so that its first job starts
# at once: each job's end is seen at the next status check, and the plugin spaces those out (1, 12, 33, 64 s ...).
echo "== cluster-test: the image run's inputs, here"
"$bin/snakemake" --directory "$work/run" --cores 2 "${smoke[@]}" -- "${inputs[@]}" >"$work/inputs.log" 2>&1 \
    || { tail -30 "$work/inputs.log"; exit 1; }

# The same run uninterrupted, here, on copies of those inputs (with their times: nothing is rebuilt).
mkdir -p "$work/reference/results/smoke/images"
cp -a "$work/run/results/smoke/data" "$work/run/results/smoke/tfds-mock" "$work/reference/results/smoke/"
cp -a "$work/run/results/smoke/images/classifier.keras" "$work/reference/results/smoke/images/"
"$bin/snakemake" --directory "$work/reference" --cores 1 "${smoke[@]}" -- "$run_dir/final.json" \
    >"$work/reference.log" 2>&1 &
reference=$!

# This cluster keeps no accounting database: job states come from squeue (MinJobAge 600 s in its slurm.conf). The
# short first status check only makes the test quicker.
echo "== cluster-test: a theory figure, a MoG run, and $run_id in time slices, through SLURM"
"$bin/snakemake" --profile "$work/profile" --directory "$work/run" --jobs 2 \
    --slurm-status-command squeue --slurm-init-seconds-before-status-checks 1 --slurm-keep-successful-logs \
    "${smoke[@]}" -- figures/smoke/fig01_eigenvalue_projection.pdf results/smoke/mog/conopt/seed0/run.json \
    "$run_dir/final.json" >"$work/cluster.log" 2>&1 || { tail -60 "$work/cluster.log"; exit 1; }
echo "== cluster-test: $run_id uninterrupted, without SLURM"
wait "$reference" || { tail -30 "$work/reference.log"; exit 1; }
reference=

echo "== cluster-test: the sliced run against the uninterrupted one"
CLUSTER_TEST_DIR=$work CLUSTER_TEST_RUN=$run_id "$bin/python" -m pytest tests/test_cluster_run.py -q -s \
    -p no:cacheprovider
if squeue -h -t PENDING,RUNNING,COMPLETING | grep -q .; then
    echo "cluster-test: jobs left behind:" >&2
    squeue >&2
    exit 1
fi
echo "cluster-test: passed in $(( $(date +%s) - started )) s"
