#!/usr/bin/env python3
"""Sends hand-made VRRP adverts over IPv4 from inside a test namespace: any source (spoofed
too), destination, TTL, priority, interval and address list, as a forger on the LAN could.

Usage: forge_advert.py --dev eth0 --src 172.16.0.10 --dst 224.0.0.18 --vrid 51
                       --priority 254 [--ttl 255] [--version 2|3] [--interval-cs 100]
                       [--address 172.16.0.100 ...] [--count 1] [--spacing 0.02]
"""
import argparse
import socket
import struct
import time

IPPROTO_VRRP = 112


def internet_checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def vrrp_message(args, src: bytes, dst: bytes) -> bytes:
    addresses = b"".join(socket.inet_aton(a) for a in args.address)
    if args.version == 2:
        # RFC 3768 §5.1: auth type 0 and eight bytes of zero authentication data.
        head = struct.pack("!BBBBBBH", 0x21, args.vrid, args.priority, len(args.address), 0,
                           args.interval_cs // 100, 0)
        message = head + addresses + b"\0" * 8
        checksum = internet_checksum(message)
    else:
        # RFC 5798 §5.1: the checksum covers an IPv4 pseudo-header too.
        head = struct.pack("!BBBBHH", 0x31, args.vrid, args.priority, len(args.address),
                           args.interval_cs & 0x0FFF, 0)
        message = head + addresses
        pseudo = src + dst + struct.pack("!BBH", 0, IPPROTO_VRRP, len(message))
        checksum = internet_checksum(pseudo + message)
    return message[:6] + struct.pack("!H", checksum) + message[8:]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dev", required=True)
    parser.add_argument("--src", required=True)
    parser.add_argument("--dst", required=True)
    parser.add_argument("--vrid", type=int, required=True)
    parser.add_argument("--priority", type=int, required=True)
    parser.add_argument("--ttl", type=int, default=255)
    parser.add_argument("--version", type=int, choices=(2, 3), default=2)
    parser.add_argument("--interval-cs", type=int, default=100)
    parser.add_argument("--address", action="append", default=[])
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--spacing", type=float, default=0.02)
    args = parser.parse_args()

    src, dst = socket.inet_aton(args.src), socket.inet_aton(args.dst)
    message = vrrp_message(args, src, dst)
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0xC0, 20 + len(message), 1, 0, args.ttl,
                         IPPROTO_VRRP, 0, src, dst)
    packet = header + message  # the kernel fills in the IP header checksum
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, args.dev.encode())
    ifindex = socket.if_nametoindex(args.dev)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF,
                    struct.pack("4s4si", b"\0" * 4, b"\0" * 4, ifindex))
    for n in range(args.count):
        if n:
            time.sleep(args.spacing)
        sock.sendto(packet, (args.dst, 0))


if __name__ == "__main__":
    main()
