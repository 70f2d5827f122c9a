#!/usr/bin/env python3
"""Watches the wire for the adverts of one router and prints the longest gap between two of
them, in seconds, after --seconds. A kernel socket filter keeps only the datagrams from
--src, so a flood on the LAN cannot make this watcher itself miss adverts.

Usage: advert_gaps.py --dev eth0 --src 172.16.0.1 --seconds 12
"""
import argparse
import ctypes
import select
import socket
import struct
import time

IPPROTO_VRRP = 112
SO_ATTACH_FILTER = 26


def only_from(sock: socket.socket, source: bytes) -> None:
    # ld [12] (the IPv4 source); jeq #source, accept, drop
    (address,) = struct.unpack("!I", source)
    program = [(0x20, 0, 0, 12), (0x15, 0, 1, address), (0x06, 0, 0, 0xFFFFFFFF),
               (0x06, 0, 0, 0)]
    instructions = b"".join(struct.pack("HBBI", *i) for i in program)
    buffer = ctypes.create_string_buffer(instructions)
    fprog = struct.pack("HL", len(program), ctypes.addressof(buffer))
    sock.setsockopt(socket.SOL_SOCKET, SO_ATTACH_FILTER, fprog)
    return buffer  # the kernel copies it, but keep it alive until then


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dev", required=True)
    parser.add_argument("--src", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    args = parser.parse_args()
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, IPPROTO_VRRP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, args.dev.encode())
    only_from(sock, socket.inet_aton(args.src))
    membership = struct.pack("4s4si", socket.inet_aton("224.0.0.18"), b"\0" * 4,
                             socket.if_nametoindex(args.dev))
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, membership)
    times = []
    end = time.monotonic() + args.seconds
    while (left := end - time.monotonic()) > 0:
        if select.select([sock], [], [], left)[0]:
            sock.recv(4096)
            times.append(time.monotonic())
    gaps = [b - a for a, b in zip(times, times[1:])]
    print(f"{max(gaps) if gaps else float('inf'):.3f} {len(times)}")


if __name__ == "__main__":
    main()
