#!/usr/bin/env python3
"""What a process's working set (resident memory, RSS) is made of, from /proc/PID/smaps, grouped by kind.

Anonymous memory is told apart by its shape: the GC's regions sit in one reservation of many GB; glibc malloc's
thread arenas are heaps of at most 64 MB starting on a 64 MB boundary; thread stacks are 8 MB mappings. With W^X on
(the default), the runtime's executable memory and the loader heaps reserved with it are a memfd ("doublemapper"):
its executable view (JIT code, stubs) and its writable view (type and method data of the loader heaps, stub data) hold
different pages, so neither is counted twice. See "Where the working set goes" in
benchmarks/ServiceRecovery.Benchmarks/README.md (decision 0050).

usage: python3 benchmarks/smaps-breakdown.py PID
"""
import collections
import re
import sys

GB, MB = 1 << 30, 1 << 20


def mappings(pid):
    rows, current = [], None
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            header = re.match(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$", line)
            if header:
                current = {"start": int(header.group(1), 16), "end": int(header.group(2), 16),
                           "perms": header.group(3), "name": header.group(4).strip(), "rss": 0}
                rows.append(current)
            elif line.startswith("Rss:"):
                current["rss"] = int(line.split()[1])
    return rows


def anonymous_kinds(rows):
    """Kind of each anonymous mapping, by the run of adjacent anonymous mappings it belongs to."""
    runs, run = [], None
    for row in rows:
        if row["name"] == "":
            if run and run[-1]["end"] == row["start"]:
                run.append(row)
            else:
                run = [row]
                runs.append(run)
        else:
            run = None
    kinds = {}
    for run in runs:
        span = run[-1]["end"] - run[0]["start"]
        for i, row in enumerate(run):
            size = row["end"] - row["start"]
            after = run[i + 1] if i + 1 < len(run) else None
            # An arena's heap: 64 MB reserved on a 64 MB boundary, the used part read-write, the rest inaccessible.
            arena = row["start"] % (64 * MB) == 0 and row["perms"].startswith("rw") and (
                size == 64 * MB or (after is not None and after["perms"].startswith("---") and after["end"] - row["start"] == 64 * MB))
            if arena:
                kind = "native: glibc malloc, thread arenas"
            elif span >= GB:
                kind = "GC heap (regions and their bookkeeping)"
            elif size in (8 * MB, 8 * MB - 4096):
                kind = "thread stacks"
            else:
                kind = "anonymous, other (runtime)"
            kinds[id(row)] = kind
    return kinds


def kind_of(row, kinds):
    name = row["name"]
    if id(row) in kinds:
        return kinds[id(row)]
    if name.startswith("/memfd:doublemapper"):
        return "runtime: JIT code and stubs (memfd, executable view)" if "x" in row["perms"] else "runtime: loader heaps, stub data (memfd, writable view)"
    if name == "[heap]":
        return "native: glibc malloc, main heap"
    if name.startswith("["):
        return name
    if ".so" in name:
        return "native libraries (.so)"
    if name.endswith(".dll"):
        return "assemblies: framework (file-backed)" if "/shared/" in name else "assemblies: app and NuGet (file-backed)"
    return "other files: " + name.split("/")[-1]


def main():
    rows = mappings(sys.argv[1])
    kinds = anonymous_kinds(rows)
    totals = collections.Counter()
    for row in rows:
        totals[kind_of(row, kinds)] += row["rss"]
    for kind, kb in totals.most_common():
        if kb >= 512:
            print(f"{kb / 1024:8.1f} MB  {kind}")
    print(f"{sum(totals.values()) / 1024:8.1f} MB  total RSS")


if __name__ == "__main__":
    main()
