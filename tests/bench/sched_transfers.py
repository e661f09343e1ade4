#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""sched_transfers: where each image transfer of an OpenGL bench run spent its time (issue 28).

    perf record -k CLOCK_MONOTONIC -e sched:sched_switch -e sched:sched_waking -a -o run.perf -- \\
        env LD_PRELOAD=build/tests/bench/libmvgal_bench_timing_gl.so MVGAL_BENCH_OUT=run.txt ... GAME
    python3 tests/bench/sched_transfers.py run.perf run.txt XSERVER_PID

run.txt is the timing preload's file (tests/bench/timing_gl.c): each stamp is the end of a
transfer (the first XShmPutImage / xcb_put_image of a swap returning) and its second column the
transfer's duration, so each transfer is [end - duration, end] on CLOCK_MONOTONIC, the clock perf
was told to use. The game's thread is the one that wakes the X server most often. For each
transfer: how long that thread ran, waited runnable (woken or preempted, not yet on a CPU) and
slept, and the same for the X server. Prints percentiles of the duration with the split of that
transfer, the means of the fastest half and the slowest tenth, and how many transfers had the
game's thread runnable for more than 100 us: the X server, woken on the same CPU by the first
bytes, preempted it and read (and processed) the request before the thread ran again, or another
process held the CPU.
"""
import bisect
import re
import subprocess
import sys


def events(perf):
    out = subprocess.run(['perf', 'script', '-i', perf, '-F', 'tid,cpu,time,event,trace'],
                         capture_output=True, text=True, check=True).stdout
    rx = re.compile(r'^\s*(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+sched:(\w+):\s+(.*)$')
    for line in out.splitlines():
        m = rx.match(line)
        if not m:
            continue
        tid, cpu, t, ev, tr = int(m[1]), int(m[2]), round(float(m[3]) * 1e9), m[4], m[5]
        if ev == 'sched_switch':
            prev = int(re.search(r'prev_pid=(\d+)', tr)[1])
            nxt = int(re.search(r'next_pid=(\d+)', tr)[1])
            state = re.search(r'prev_state=(\S+)', tr)[1]
            yield t, 'switch', cpu, prev, nxt, state
        elif ev == 'sched_waking':
            yield t, 'waking', cpu, int(re.search(r' pid=(\d+)', tr)[1]), tid, None


def timeline(evs, task):
    """[(t, state, cpu)]: state run / rq (runnable, not on a CPU) / sleep from t on"""
    tl = []
    for t, kind, cpu, a, b, state in evs:
        if kind == 'switch':
            if a == task:
                tl.append((t, 'rq' if state.startswith('R') else 'sleep', cpu))
            if b == task:
                tl.append((t, 'run', cpu))
        elif a == task and (not tl or tl[-1][1] == 'sleep'):
            tl.append((t, 'rq', cpu))
    return tl


def split(tl, start, end):
    times = [x[0] for x in tl]
    i = bisect.bisect_right(times, start) - 1
    acc = {'run': 0, 'rq': 0, 'sleep': 0}
    cur, t = (tl[i][1] if i >= 0 else 'sleep'), start
    for j in range(i + 1, len(tl)):
        if tl[j][0] >= end:
            break
        acc[cur] += tl[j][0] - t
        t, cur = tl[j][0], tl[j][1]
    acc[cur] += end - t
    return [acc[k] / 1e3 for k in ('run', 'rq', 'sleep')]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    evs = list(events(sys.argv[1]))
    xpid = int(sys.argv[3])
    wakers = {}
    for t, kind, cpu, a, b, state in evs:
        if kind == 'waking' and a == xpid:
            wakers[b] = wakers.get(b, 0) + 1
    if not evs or not wakers:
        sys.exit('sched_transfers: nothing woke the X server in this trace')
    game = max(wakers, key=wakers.get)
    tl_game, tl_x = timeline(evs, game), timeline(evs, xpid)
    rows = []
    for line in open(sys.argv[2]):
        f = line.split()
        if len(f) < 2 or not f[0].isdigit():
            continue
        end, dur = int(f[0]), int(f[1])
        if end - dur >= evs[0][0] and end <= evs[-1][0]:
            rows.append([dur / 1e3] + split(tl_game, end - dur, end) + split(tl_x, end - dur, end))
    if not rows:
        sys.exit('sched_transfers: no transfer of the timing file lies in the trace')
    rows.sort()
    n = len(rows)
    print(f'game thread {game}, {n} transfers (us): duration | game run, runnable, asleep'
          ' | X server run, runnable, asleep')
    for q in (.1, .5, .9, .99, 1.0):
        print(f'p{q * 100:<5g}' + ''.join(f' {v:8.1f}' for v in rows[min(n - 1, int(q * n))]))
    for name, sel in (('fastest half', rows[:n // 2]), ('slowest tenth', rows[int(.9 * n):])):
        print(f'{name} (means):' + ''.join(f' {sum(r[i] for r in sel) / len(sel):8.1f}'
                                           for i in range(7)))
    print(f'game thread runnable > 100 us: {sum(1 for r in rows if r[2] > 100)} of {n}')


main()
