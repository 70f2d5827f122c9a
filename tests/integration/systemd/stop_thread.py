#!/usr/bin/env python3
"""Stops one thread of a process, and only that one, until told to let it go: the way to make
routerd's VRRP loop stop turning without touching the rest of routerd (SIGSTOP would stop
every thread). ptrace(2) works per thread: PTRACE_SEIZE + PTRACE_INTERRUPT puts just that
thread in a tracing stop ('t' in /proc/PID/task/TID/stat).
Usage: stop_thread.py TID RELEASE_FILE
Prints "stopped" once the thread is stopped, waits until RELEASE_FILE exists, detaches (the
thread runs on) and prints "released"."""
import ctypes
import os
import sys
import time

PTRACE_DETACH, PTRACE_SEIZE, PTRACE_INTERRUPT = 17, 0x4206, 0x4207
WALL = 0x40000000  # __WALL: wait for a thread, not only a child process

libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
tid, release = int(sys.argv[1]), sys.argv[2]


def ptrace(request):
    if libc.ptrace(request, tid, None, None) != 0:
        sys.exit(f"ptrace({request}) on thread {tid}: {os.strerror(ctypes.get_errno())}")


ptrace(PTRACE_SEIZE)
ptrace(PTRACE_INTERRUPT)
os.waitpid(tid, WALL)
print("stopped", flush=True)
while not os.path.exists(release):
    time.sleep(0.1)
ptrace(PTRACE_DETACH)
print("released", flush=True)
