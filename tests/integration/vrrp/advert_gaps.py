#!/usr/bin/env python3
"""Watches the wire for the adverts of one router and prints the longest gap between two of
them, in seconds (kernel receive timestamps), and how many it saw, after --seconds or when sent SIGTERM. Over IPv4 a
kernel socket filter keeps only the datagrams from --src, so a flood on the LAN cannot make
this watcher itself miss adverts; over IPv6 (an IPv6 raw socket's filter cannot see the
source) the source is checked here.

With --priority, only adverts of that priority count (a forger may spoof the source).
With --edges, the start and the end of the watch count as adverts too: a router that stops
advertising shows as a gap up to the end.

Usage: advert_gaps.py --dev eth0 --src 172.16.0.1 [--seconds 12] [--protocol 112] [--priority 200]
                      [--edges]
"""
import argparse
import ctypes
import ipaddress
import select
import signal
import socket
import struct
import time

IPPROTO_VRRP = 112
IPPROTO_AH = 51
AH_LENGTH = 24  # Keepalived's AH header, ICV included
SO_ATTACH_FILTER = 26
SO_TIMESTAMPNS = 35  # <asm-generic/socket.h>; not in Python's socket module


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


def open_ipv4(dev: str, src: str, protocol: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, protocol)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, dev.encode())
    only_from(sock, socket.inet_aton(src))
    membership = struct.pack("4s4si", socket.inet_aton("224.0.0.18"), b"\0" * 4,
                             socket.if_nametoindex(dev))
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, membership)
    return sock


def open_ipv6(dev: str, protocol: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, protocol)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, dev.encode())
    membership = socket.inet_pton(socket.AF_INET6, "ff02::12") + struct.pack(
        "@I", socket.if_nametoindex(dev))
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, membership)
    return sock


def arrival(ancillary) -> float:
    """When the kernel received the datagram (SO_TIMESTAMPNS): a watcher that is scheduled
    late under load still measures the gaps on the wire."""
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
            seconds, nanoseconds = struct.unpack("@qq", data[:16])
            return seconds + nanoseconds / 1e9
    return time.time()


def priority_of(datagram: bytes, ipv6: bool) -> int:
    """The VRRP priority; an IPv4 raw socket sees the IP header (and AH) first."""
    offset = 0
    if not ipv6:
        offset = (datagram[0] & 0x0F) * 4
        if datagram[9] == IPPROTO_AH:
            offset += AH_LENGTH
    return datagram[offset + 2] if len(datagram) > offset + 2 else -1


class Stop(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dev", required=True)
    parser.add_argument("--src", required=True)
    parser.add_argument("--seconds", type=float, default=3600)
    parser.add_argument("--protocol", type=int, default=IPPROTO_VRRP)
    parser.add_argument("--edges", action="store_true")
    parser.add_argument("--priority", type=int)
    args = parser.parse_args()
    source = ipaddress.ip_address(args.src)
    ipv6 = source.version == 6
    sock = open_ipv6(args.dev, args.protocol) if ipv6 else open_ipv4(args.dev, args.src,
                                                                      args.protocol)

    def stop(*_):
        raise Stop()

    signal.signal(signal.SIGTERM, stop)
    sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    times = []
    start = time.time()
    end = time.monotonic() + args.seconds
    try:
        while (left := end - time.monotonic()) > 0:
            if select.select([sock], [], [], left)[0]:
                data, ancillary, _, sender = sock.recvmsg(4096, 64)
                if ipv6 and ipaddress.ip_address(sender[0].split("%")[0]) != source:
                    continue
                if args.priority is None or priority_of(data, ipv6) == args.priority:
                    times.append(arrival(ancillary))
    except Stop:
        pass
    seen = len(times)
    if args.edges:
        times = [start] + times + [time.time()]
    gaps = [b - a for a, b in zip(times, times[1:])]
    print(f"{max(gaps) if gaps else float('inf'):.3f} {seen}", flush=True)


if __name__ == "__main__":
    main()
