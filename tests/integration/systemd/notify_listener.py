#!/usr/bin/env python3
"""What systemd's side of Type=notify sees: a datagram socket at PATH (NOTIFY_SOCKET); each
message is appended to LOG as one line per assignment (READY=1, WATCHDOG=1, ...).
Usage: notify_listener.py PATH LOG"""
import socket
import sys

path, log = sys.argv[1], sys.argv[2]
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
with open(log, "a", buffering=1) as out:
    while True:
        message = sock.recv(4096).decode(errors="replace")
        for line in message.splitlines():
            out.write(line + "\n")
