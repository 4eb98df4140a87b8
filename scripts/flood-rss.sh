#!/usr/bin/env bash
# Floods one node of a local 3-node cluster and reports each node's peak RSS.
#
#   scripts/flood-rss.sh [CLIENTS] [SECONDS] [SLOW_PERCENT] [reject|accept]
#
# CLIENTS concurrent connections (default 2000) hit node1 for SECONDS (default 60): most send
# POST /api/v1/printers with a body of just under 1 MiB (the default raft3d.api.max-body-bytes)
# as fast as they can; SLOW_PERCENT of them (default 25) announce a 1 MiB body and trickle it at
# about 2 KB/s. With reject (the default) every body is read in full and then refused (an
# invalid id), so memory measures request handling alone; with accept the printers are valid
# and every one becomes a 1 MiB log entry (the journal then grows by gigabytes). Before, during and after the flood it samples every node's RSS (VmRSS) and prints
# the baseline, the peak (VmHWM) and the answers by status. The cluster runs in its own folder
# with ports of its own (RUN, HTTP_BASE, RAFT_BASE as for scripts/cluster.sh) and is removed at
# the end. Needs python3. Load the machine only under `flock /work/heavy.lock` when it is shared.
set -euo pipefail
cd "$(dirname "$0")/.."

CLIENTS=${1:-2000}
SECONDS_=${2:-60}
SLOW=${3:-25}
MODE=${4:-reject}
BASE=$((20000 + RANDOM % 30000))
export RUN=${RUN:-$(mktemp -d /tmp/raft3d-flood-XXXXXX)}
export HTTP_BASE=${HTTP_BASE:-$BASE}
export RAFT_BASE=${RAFT_BASE:-$((BASE + 100))}
trap 'scripts/cluster.sh clean >/dev/null 2>&1 || true' EXIT

scripts/cluster.sh up 3 >/dev/null
pids=$(for i in 1 2 3; do cat "$RUN/pids/node$i"; done | paste -sd,)
echo "cluster: nodes on 127.0.0.1:$((HTTP_BASE + 1))..$((HTTP_BASE + 3)), pids $pids, data in $RUN"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

python3 - "$HTTP_BASE" "$CLIENTS" "$SECONDS_" "$SLOW" "$pids" "$MODE" <<'PY'
import asyncio, collections, sys, time

base, clients, seconds, slow_percent = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
pids = [int(p) for p in sys.argv[5].split(",")]
accept = sys.argv[6] == "accept"
port = base + 1
MIB = 1 << 20

def rss(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) // 1024  # MiB
    except OSError:
        return None
    return None

answers = collections.Counter()
peaks = {pid: 0 for pid in pids}

def body(n):
    company = "x" * (MIB - 200)
    # ".." is not a valid id: the node reads the whole body, then answers 400.
    return ('{"id":"%s","company":"%s","model":"MK4"}' % ("flood-0" if accept else "..", company)).encode()

PAYLOAD = body(0)
HEAD = ("POST /api/v1/printers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Idempotency-Key: flood-%s\r\nContent-Length: %d\r\n\r\n")

async def read_status(reader):
    line = await reader.readline()
    parts = line.split()
    return parts[1].decode() if len(parts) > 1 else "closed"

async def fast(i, deadline):
    n = 0
    while time.monotonic() < deadline:
        n += 1
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            payload = PAYLOAD.replace(b'"flood-0"', b'"flood-%d-%d"' % (i, n), 1)
            writer.write((HEAD % (f"{i}-{n}", len(payload))).encode() + payload)
            await writer.drain()
            answers[await asyncio.wait_for(read_status(reader), 60)] += 1
            writer.close()
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError) as e:
            answers[type(e).__name__] += 1
            await asyncio.sleep(0.5)

async def slow(i, deadline):
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write((HEAD % (f"slow-{i}", MIB)).encode())
            sent = 0
            while time.monotonic() < deadline and sent < MIB:
                writer.write(b" " * 1024)
                await writer.drain()
                sent += 1024
                await asyncio.sleep(0.5)
            writer.close()
            answers["slow-upload-ended"] += 1
        except (OSError, asyncio.TimeoutError) as e:
            answers["slow-" + type(e).__name__] += 1
            await asyncio.sleep(0.5)

async def sample(deadline):
    while time.monotonic() < deadline:
        for pid in pids:
            v = rss(pid, "VmRSS")
            if v is not None:
                peaks[pid] = max(peaks[pid], v)
        await asyncio.sleep(0.5)

async def main():
    before = {pid: rss(pid, "VmRSS") for pid in pids}
    print("RSS before (MiB):", " ".join(f"node{k + 1}={before[p]}" for k, p in enumerate(pids)), flush=True)
    deadline = time.monotonic() + seconds
    slow_count = clients * slow_percent // 100
    tasks = [asyncio.create_task(slow(i, deadline)) for i in range(slow_count)]
    tasks += [asyncio.create_task(fast(i, deadline)) for i in range(clients - slow_count)]
    tasks.append(asyncio.create_task(sample(deadline + 10)))
    await asyncio.gather(*tasks)
    after = {pid: rss(pid, "VmRSS") for pid in pids}
    hwm = {pid: rss(pid, "VmHWM") for pid in pids}
    print(f"flood: {clients} clients ({slow_count} slow) at node1 for {seconds:.0f} s, bodies {'accepted' if accept else 'refused after reading'}", flush=True)
    print("answers:", ", ".join(f"{k} {v}" for k, v in sorted(answers.items())))
    for k, pid in enumerate(pids):
        print(f"node{k + 1}: RSS before {before[pid]} MiB, peak sampled {peaks[pid]} MiB, VmHWM {hwm[pid]} MiB, after {after[pid]} MiB"
              + ("" if after[pid] is not None else " (the process is gone)"))

asyncio.run(main())
PY
echo "status after the flood:"
scripts/cluster.sh status || true
