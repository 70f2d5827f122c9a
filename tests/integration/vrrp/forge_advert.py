#!/usr/bin/env python3
"""Sends hand-made VRRP adverts from inside a test namespace: any source (spoofed too),
destination, TTL, priority, interval and address list, as a forger on the LAN could.

As a command (IPv4, through a raw socket):
  forge_advert.py --dev eth0 --src 172.16.0.10 --dst 224.0.0.18 --vrid 51
                  --priority 254 [--ttl 255] [--version 2|3] [--interval-cs 100]
                  [--address 172.16.0.100 ...] [--count 1] [--spacing 0.02]

As a module (hostile_cases.py): Advert describes a message field by field, message() and
datagram() encode it (VRRPv2 PASS / AH as Keepalived frames it, VRRPv3, IPv4 and IPv6), and
send_frames() puts whole Ethernet frames on the wire, so that nothing a kernel would fix up
(lengths, checksums, fragment fields) is left to it.
"""
import argparse
import dataclasses
import hashlib
import hmac
import ipaddress
import socket
import struct
import time

IPPROTO_VRRP = 112
IPPROTO_AH = 51
IPPROTO_FRAGMENT = 44
AH_LENGTH = 24  # Keepalived's AH header: 12 bytes, then a 96-bit HMAC-MD5 ICV
AUTH_NONE, AUTH_PASS, AUTH_AH = 0, 1, 2


def internet_checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def packed(address: str) -> bytes:
    return ipaddress.ip_address(address).packed


@dataclasses.dataclass
class Advert:
    """Every field of one advert and its envelope; the defaults make a sound one."""
    src: str
    dst: str
    vrid: int
    priority: int
    addresses: list
    version: int = 3
    interval_cs: int = 100
    ttl: int = 255
    auth_type: int = AUTH_NONE
    password: bytes = b""
    ah_sequence: int = 1
    # Defects: set to override what encoding would put there.
    vtype: int = 1
    auth_field: int = None  # the auth type byte; auth_type by default (which also frames AH)
    count: int = None
    checksum: int = None
    trailer: bytes = b""  # bytes after the message
    spi: bytes = None  # AH: the source address by default
    icv_key: bytes = None  # AH: the password by default

    @property
    def ipv6(self) -> bool:
        return ":" in self.src


def message(a: Advert) -> bytes:
    """The VRRP message with its checksum (RFC 3768 §5.1, RFC 5798 §5.1)."""
    body = b"".join(packed(x) for x in a.addresses)
    count = len(a.addresses) if a.count is None else a.count
    first = (a.version & 0xF) << 4 | (a.vtype & 0xF)
    if a.version == 2:
        auth_field = a.auth_type if a.auth_field is None else a.auth_field
        head = struct.pack("!BBBBBBH", first, a.vrid, a.priority, count, auth_field,
                           a.interval_cs // 100, 0)
        auth = a.password.ljust(8, b"\0")[:8] if a.auth_type == AUTH_PASS else b"\0" * 8
        m = head + body + auth + a.trailer
        checksum = internet_checksum(m)
    else:
        head = struct.pack("!BBBBHH", first, a.vrid, a.priority, count, a.interval_cs & 0x0FFF, 0)
        m = head + body + a.trailer
        if a.ipv6:
            pseudo = packed(a.src) + packed(a.dst) + struct.pack("!I3xB", len(m), IPPROTO_VRRP)
        else:
            pseudo = packed(a.src) + packed(a.dst) + struct.pack("!BBH", 0, IPPROTO_VRRP, len(m))
        checksum = internet_checksum(pseudo + m)
    if a.checksum is not None:
        checksum = a.checksum
    return m[:6] + struct.pack("!H", checksum) + m[8:]


def ipv4_header(a: Advert, protocol: int, payload_length: int, frag: int = 0,
                ident: int = 1) -> bytes:
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0xC0, 20 + payload_length, ident, frag, a.ttl,
                         protocol, 0, packed(a.src), packed(a.dst))
    return header[:10] + struct.pack("!H", internet_checksum(header)) + header[12:]


def ah_icv(datagram: bytes, key: bytes, unicast: bool) -> bytes:
    """Keepalived's ICV: HMAC-MD5-96 over the datagram with TOS, fragment field, header
    checksum (and TTL in unicast mode) and the ICV itself zeroed."""
    d = bytearray(datagram)
    d[1] = 0
    d[6:8] = b"\0\0"
    d[10:12] = b"\0\0"
    if unicast:
        d[8] = 0
    d[20 + 12:20 + AH_LENGTH] = b"\0" * 12
    return hmac.new(key.ljust(8, b"\0")[:8], bytes(d), hashlib.md5).digest()[:12]


def ipv4_payload(a: Advert, unicast: bool = False) -> tuple:
    """(protocol, payload): the message, behind Keepalived's AH header when auth is AH."""
    m = message(a)
    if a.auth_type != AUTH_AH:
        return IPPROTO_VRRP, m
    spi = packed(a.src) if a.spi is None else a.spi
    ah = struct.pack("!BBH4sI", IPPROTO_VRRP, AH_LENGTH // 4 - 2, 0, spi, a.ah_sequence)
    ah += b"\0" * 12
    datagram = ipv4_header(a, IPPROTO_AH, len(ah) + len(m)) + ah + m
    key = a.password if a.icv_key is None else a.icv_key
    icv = ah_icv(datagram, key, unicast)
    return IPPROTO_AH, ah[:12] + icv + m


def ipv6_header(a: Advert, next_header: int, payload_length: int) -> bytes:
    return struct.pack("!IHBB16s16s", 6 << 28, payload_length, next_header, a.ttl,
                       packed(a.src), packed(a.dst))


def datagram(a: Advert, unicast: bool = False) -> bytes:
    """The whole IP datagram."""
    if a.ipv6:
        m = message(a)
        return ipv6_header(a, IPPROTO_VRRP, len(m)) + m
    protocol, payload = ipv4_payload(a, unicast)
    return ipv4_header(a, protocol, len(payload)) + payload


def multicast_mac(dst: str) -> bytes:
    d = packed(dst)
    if len(d) == 16:
        return b"\x33\x33" + d[-4:]
    return b"\x01\x00\x5e" + bytes([d[1] & 0x7F, d[2], d[3]])


def send_frames(dev: str, dst_mac: bytes, datagrams: list, spacing: float = 0.0) -> None:
    """Sends each IP datagram in its own Ethernet frame from DEV (an AF_PACKET socket: the
    bytes go out exactly as given)."""
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((dev, 0))
    src_mac = sock.getsockname()[4]
    for n, d in enumerate(datagrams):
        if n and spacing:
            time.sleep(spacing)
        ethertype = 0x86DD if d[0] >> 4 == 6 else 0x0800
        sock.send(dst_mac + src_mac + struct.pack("!H", ethertype) + d)
    sock.close()


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

    advert = Advert(src=args.src, dst=args.dst, vrid=args.vrid, priority=args.priority,
                    addresses=args.address, version=args.version,
                    interval_cs=args.interval_cs, ttl=args.ttl)
    packet = datagram(advert)
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
