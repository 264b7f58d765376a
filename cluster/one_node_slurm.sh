#!/usr/bin/env bash
# A one-node SLURM on this machine, for `make cluster-test`: munge, slurmctld and slurmd with a minimal slurm.conf
# (no cgroups, no accounting database; finished jobs are listed in <state>/jobcomp.log).
#
#   cluster/one_node_slurm.sh start STATE_DIR   # installs the Debian packages if missing (root), starts the daemons
#   cluster/one_node_slurm.sh env STATE_DIR     # `export SLURM_CONF=...`: the client commands' view of it
#   cluster/one_node_slurm.sh stop STATE_DIR    # cancels every job, stops the daemons it started, by process id
#
# Everything lives in STATE_DIR (config, key, sockets, spool, logs, pid files), and a second `start` finds what is
# running. One thing outside it: /etc/slurm/slurm.conf, the default location, becomes a link to STATE_DIR's
# slurm.conf while the daemons run, because the executor plugin's job step drops SLURM_CONF from the environment of
# the `srun` inside each job; `start` refuses to replace a slurm.conf it did not write, `stop` removes its link.
# The node offers this machine's cores and 90% of its memory.
set -euo pipefail

usage() { echo "usage: $0 start|env|stop STATE_DIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
action=$1
state=$(mkdir -p "$2" && cd "$2" && pwd)
conf=$state/slurm.conf
export SLURM_CONF=$conf
system_conf=/etc/slurm/slurm.conf
marker="# Written by cluster/one_node_slurm.sh"

daemon_pids() {   # the pids this script started and that still run
    local f pid
    for f in "$state"/munged.pid "$state"/slurmctld.pid "$state"/slurmd.pid; do
        [[ -s $f ]] || continue
        pid=$(cat "$f")
        kill -0 "$pid" 2>/dev/null && echo "$pid"
    done
    return 0
}

install_packages() {
    command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null \
        && command -v sbatch >/dev/null && return 0
    if [[ $(id -u) -ne 0 ]]; then
        echo "one_node_slurm: slurmctld, slurmd, munge are not installed and this is not root:" >&2
        echo "  apt-get install slurmctld slurmd slurm-client munge  (as root), then run again" >&2
        exit 1
    fi
    echo "one_node_slurm: installing slurmctld slurmd slurm-client munge (Debian packages)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        slurmctld slurmd slurm-client munge >"$state/apt.log" 2>&1 \
        || { tail -20 "$state/apt.log" >&2; exit 1; }
}

write_config() {
    local host cpus mem_mb
    host=$(hostname -s)
    cpus=$(nproc)
    mem_mb=$(awk '/MemTotal/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
    mkdir -p "$state/ctld" "$state/spool" "$state/munge"
    chmod 700 "$state/munge"
    cat >"$conf" <<CONF
$marker: one node, two partitions ("cpu" default and "gpu", the same node: this
# machine has no GPU; the profile's partition choice is what is exercised).
ClusterName=numerics
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$state/munge/munge.socket
CredType=cred/munge
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$state/jobcomp.log
ReturnToService=2
# finished jobs stay visible to squeue (the profile's status command) this long
MinJobAge=600
KillWait=5
NodeName=$host CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=cpu Nodes=$host Default=YES MaxTime=INFINITE State=UP
PartitionName=gpu Nodes=$host Default=NO MaxTime=INFINITE State=UP
CONF
}

start() {
    if [[ -n $(daemon_pids) ]]; then
        echo "one_node_slurm: already running in $state (pids $(daemon_pids | tr '\n' ' '))"
        return 0
    fi
    if [[ -e $system_conf ]] && ! { [[ -L $system_conf ]] && head -n 1 "$system_conf" | grep -q "^$marker"; }; then
        echo "one_node_slurm: $system_conf exists and was not written by this script: this machine has a SLURM" >&2
        echo "  configuration of its own; run the cluster test on a machine without one" >&2
        exit 1
    fi
    install_packages
    write_config
    mkdir -p "$(dirname "$system_conf")"
    ln -sfn "$conf" "$system_conf"
    [[ -s $state/munge/munge.key ]] || { dd if=/dev/urandom bs=1 count=1024 of="$state/munge/munge.key" status=none; }
    chmod 400 "$state/munge/munge.key"
    munged --force --key-file="$state/munge/munge.key" --socket="$state/munge/munge.socket" \
        --pid-file="$state/munged.pid" --log-file="$state/munged.log" --seed-file="$state/munge/seed"
    slurmctld -f "$conf"
    slurmd -f "$conf"
    local i
    for i in $(seq 300); do   # a hang guard, not a timing: idle within a few seconds, loaded or not
        if sinfo -h -o '%T' 2>/dev/null | grep -qx idle; then
            echo "one_node_slurm: up in $state (pids $(daemon_pids | tr '\n' ' '))"
            sinfo
            return 0
        fi
        sleep 1
    done
    echo "one_node_slurm: the node did not become idle in 300 s; logs in $state:" >&2
    tail -n 20 "$state"/slurmctld.log "$state"/slurmd.log "$state"/munged.log >&2 || true
    stop
    exit 1
}

stop() {
    if [[ -s $state/slurmctld.pid ]] && kill -0 "$(cat "$state/slurmctld.pid")" 2>/dev/null; then
        scancel --full --quiet --user="$(id -un)" 2>/dev/null || true
        local i
        for i in $(seq 30); do [[ -z $(squeue -h -t RUNNING,PENDING,COMPLETING 2>/dev/null) ]] && break; sleep 1; done
    fi
    local pids pid
    pids=$(daemon_pids)
    for pid in $pids; do kill "$pid" 2>/dev/null || true; done
    for pid in $pids; do
        for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    done
    rm -f "$state"/munged.pid "$state"/slurmctld.pid "$state"/slurmd.pid
    if [[ -L $system_conf && $(readlink "$system_conf") == "$conf" ]]; then rm -f "$system_conf"; fi
    echo "one_node_slurm: stopped (pids ${pids//$'\n'/ })"
}

case $action in
    start) start ;;
    env) echo "export SLURM_CONF=$conf" ;;
    stop) stop ;;
    *) usage ;;
esac
