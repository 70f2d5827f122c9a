#!/usr/bin/env python3
"""Every RFC 5798 §7.1 / RFC 3768 §7.1 receive-check violation, crafted for one family of
VRRP instance, sent one case at a time at a master from another namespace; after each, the
master's counters (routerctl --json vrrp json) must show the drop under the expected reason
and no state change. Each case is a sound higher-priority advert (forge_advert.Advert) with
one defect, so that it would move the master if it were accepted.

Some defects never reach routerd: the kernel socket filter (socket_filter.hpp) drops adverts
of the wrong version or type, IPv4 multicast ones with TTL != 255, and those too short to
hold a VRRP header; the IP layer never delivers a lone or overlapping fragment, nor an IPv4
datagram from one of the host's own addresses. For those
the expectation is KERNEL: nothing counted, nothing changed.

Usage: hostile_cases.py --family v2-pass|v2-ah|v3-ipv4|v3-ipv6|unicast --dev eth0
         --attacker ADDR --router ADDR --router-mac MAC --vip ADDR
         --routerctl PATH --socket PATH [--valid]
  --valid: send only the sound advert (its last check: it must move the master).
"""
import argparse
import dataclasses
import json
import struct
import subprocess
import sys
import time

from forge_advert import (AUTH_AH, AUTH_NONE, AUTH_PASS, IPPROTO_FRAGMENT, IPPROTO_VRRP, Advert,
                          datagram, ipv4_header, ipv4_payload, ipv6_header, message,
                          multicast_mac, send_frames)

KERNEL = None  # dropped before routerd: no counter may move
PEER = "172.16.0.2"  # the unicast family's peer, whose address the forger spoofs
PASSWORD = b"secret12"
AH_SEQUENCE = 1 << 31  # above any number the master has sent since it started

FAMILIES = {
    "v2-pass": dict(version=2, auth_type=AUTH_PASS, unicast=False),
    "v2-ah": dict(version=2, auth_type=AUTH_AH, unicast=False),
    "v3-ipv4": dict(version=3, auth_type=AUTH_NONE, unicast=False),
    "v3-ipv6": dict(version=3, auth_type=AUTH_NONE, unicast=False),
    "unicast": dict(version=2, auth_type=AUTH_PASS, unicast=True),
}


@dataclasses.dataclass
class Case:
    name: str
    expected: str  # a DropReason name, or KERNEL
    datagrams: list
    to_router: bool = False  # sent to the router's MAC rather than the group's


class Lab:
    def __init__(self, args):
        self.family = FAMILIES[args.family]
        self.ipv6 = args.family == "v3-ipv6"
        self.unicast = self.family["unicast"]
        self.args = args
        self.group = "ff02::12" if self.ipv6 else "224.0.0.18"
        self.sequence = AH_SEQUENCE

    def advert(self, **defects) -> Advert:
        """The sound advert: priority 254 at a master of priority 200."""
        self.sequence += 1
        fields = dict(src=PEER if self.unicast else self.args.attacker,
                      dst=self.args.router if self.unicast else self.group, vrid=51,
                      priority=254, addresses=[self.args.vip], version=self.family["version"],
                      auth_type=self.family["auth_type"], password=PASSWORD,
                      ah_sequence=self.sequence)
        fields.update(defects)
        return Advert(**fields)

    def case(self, name, expected, **defects) -> Case:
        a = self.advert(**defects)
        to_router = a.dst != self.group
        return Case(name, expected, [datagram(a, self.unicast)], to_router)


def header_cases(lab: Lab) -> list:
    routed_ttl = KERNEL if not lab.ipv6 and not lab.unicast else "ttl_or_hop_limit"
    other_version = 3 if lab.family["version"] == 2 else 2
    foreign = "2001:db8::99" if lab.ipv6 else "172.16.0.99"
    wrong_destination = (
        lab.case("multicast_destination", "wrong_destination", dst=lab.group) if lab.unicast
        else lab.case("unicast_destination", "wrong_destination", dst=lab.args.router))
    return [
        lab.case("ttl_254", routed_ttl, ttl=254),
        lab.case("ttl_1", routed_ttl, ttl=1),
        lab.case(f"version_{other_version}", KERNEL, version=other_version),
        lab.case("version_1", KERNEL, version=1),
        lab.case("type_0", KERNEL, vtype=0),
        lab.case("type_2", KERNEL, vtype=2),
        lab.case("bad_checksum", "bad_checksum", checksum=0xDEAD),
        lab.case("count_above_addresses", "bad_length", count=2),
        lab.case("count_zero", "bad_length", count=0),
        lab.case("trailing_bytes", "bad_length", trailer=b"\0\0\0\0"),
        lab.case("zero_interval", "zero_advert_interval", interval_cs=0),
        lab.case("other_address", "address_list_mismatch", addresses=[foreign]),
        lab.case("extra_address", "address_list_mismatch", addresses=[lab.args.vip, foreign]),
        # IPv4: the kernel drops a datagram from one of its own addresses (a martian source).
        lab.case("own_source_address", "own_source_address" if lab.ipv6 else KERNEL,
                 src=lab.args.router),
        wrong_destination,
    ]


def v2_cases(lab: Lab) -> list:
    if lab.family["version"] != 2:
        return []
    cases = [lab.case("interval_2s", "advert_interval_mismatch", interval_cs=200)]
    if lab.family["auth_type"] == AUTH_PASS:
        cases += [
            lab.case("auth_type_none", "auth_type_mismatch", auth_type=AUTH_NONE),
            lab.case("auth_type_ah_without_ah", "auth_type_mismatch", auth_field=AUTH_AH),
            lab.case("wrong_password", "auth_failure", password=b"secret13"),
        ]
    else:
        plain = lab.advert(auth_type=AUTH_PASS)  # no AH header: no socket of r1 listens
        cases += [
            Case("without_ah", KERNEL, [ipv4_header(plain, IPPROTO_VRRP, len(message(plain))) +
                                        message(plain)]),
            lab.case("auth_type_pass_in_ah", "auth_type_mismatch", auth_field=AUTH_PASS),
            lab.case("bad_icv", "auth_failure", icv_key=b"secret13"),
            lab.case("wrong_spi", "auth_failure", spi=b"\x0a\x0b\x0c\x0d"),
            lab.case("replayed_sequence", "ah_replay", ah_sequence=1),
        ]
    if lab.unicast:
        cases.append(lab.case("not_a_peer", "not_unicast_peer", src=lab.args.attacker))
    return cases


def payload_of(lab: Lab, a: Advert) -> tuple:
    """(protocol or next header, bytes after the IP header, where the VRRP message starts)."""
    if lab.ipv6:
        return IPPROTO_VRRP, message(a), 0
    protocol, payload = ipv4_payload(a, lab.unicast)
    return protocol, payload, len(payload) - len(message(a))


def with_payload(lab: Lab, a: Advert, protocol: int, payload: bytes) -> bytes:
    if lab.ipv6:
        return ipv6_header(a, protocol, len(payload)) + payload
    return ipv4_header(a, protocol, len(payload)) + payload


def truncation_cases(lab: Lab) -> list:
    """The sound advert cut at every length, its IP header saying so: the kernel filter cannot
    read a VRRP version and VRID from fewer than the first two bytes of the message."""
    cases = []
    a = lab.advert()
    protocol, payload, offset = payload_of(lab, a)
    for n in range(1, len(payload)):
        expected = KERNEL if n < offset + 2 else "bad_length"
        cases.append(Case(f"truncated_to_{n}", expected,
                          [with_payload(lab, a, protocol, payload[:n])], lab.unicast))
    return cases


def fragment(lab: Lab, a: Advert, protocol: int, payload: bytes, offset: int, more: bool,
             ident: int) -> bytes:
    if lab.ipv6:
        header = struct.pack("!BBHI", protocol, 0, offset << 3 | more, ident)
        return ipv6_header(a, IPPROTO_FRAGMENT, len(header) + len(payload)) + header + payload
    return ipv4_header(a, protocol, len(payload), frag=(more << 13) | offset, ident=ident) + payload


def fragment_cases(lab: Lab) -> list:
    """Pieces of the sound advert that never make a whole datagram: the first alone, the last
    alone, and two that overlap (RFC 5722: the whole datagram is discarded)."""
    a = lab.advert()
    protocol, payload, _ = payload_of(lab, a)
    ident = 0x4800 + a.ah_sequence % 0x100
    return [
        Case("first_fragment_only", KERNEL,
             [fragment(lab, a, protocol, payload[:8], 0, True, ident)], lab.unicast),
        Case("last_fragment_only", KERNEL,
             [fragment(lab, a, protocol, payload[8:], 1, False, ident + 1)], lab.unicast),
        # Bytes 8..15 twice (the first piece is padded when the whole is shorter).
        Case("overlapping_fragments", KERNEL,
             [fragment(lab, a, protocol, payload.ljust(16, b"\0")[:16], 0, True, ident + 2),
              fragment(lab, a, protocol, payload[8:], 1, False, ident + 2)], lab.unicast),
    ]


class Master:
    """The master's instance VI_1 as routerctl shows it."""

    def __init__(self, routerctl: str, socket_path: str):
        self.command = [routerctl, "--socket", socket_path, "--json", "vrrp", "json"]

    def read(self) -> dict:
        result = json.loads(subprocess.check_output(self.command))["result"]
        i = result["instances"]["VI_1"]
        return {"state": i["state"], "transitions": i["transitions"], "drops": i["drops"],
                "unknown_vrid": result["unknown_vrid_drops"],
                "truncated": result["receive"]["truncated"]}


def moved(before: dict, after: dict) -> dict:
    """The drop counters that changed, by how much."""
    out = {k: v - before["drops"].get(k, 0) for k, v in after["drops"].items()
           if v != before["drops"].get(k, 0)}
    for k in ("unknown_vrid", "truncated"):
        if after[k] != before[k]:
            out[k] = after[k] - before[k]
    return out


def run(lab: Lab, master: Master, cases: list) -> int:
    failures = 0
    counted = 0
    before = master.read()
    for case in cases:
        mac = lab.args.router_mac if case.to_router else multicast_mac(lab.group)
        send_frames(lab.args.dev, mac, case.datagrams)
        want = {} if case.expected is KERNEL else {case.expected: 1}
        # A count is awaited (a loaded machine is slow); a KERNEL case gets 0.1 s, and what
        # routerd counts later shows in the next case, or in the final look below.
        deadline = time.monotonic() + (3 if want else 0.1)
        while True:
            after = master.read()
            if moved(before, after) == want or time.monotonic() > deadline:
                break
            time.sleep(0.01)
        got = moved(before, after)
        state_kept = after["state"] == "MASTER" and after["transitions"] == before["transitions"]
        if got != want or not state_kept:
            failures += 1
            print(f"FAIL {case.name}: expected {want or 'nothing counted'}, counted {got}, "
                  f"state {after['state']}, transitions {before['transitions']} -> "
                  f"{after['transitions']}")
        counted += bool(want)
        before = after
    time.sleep(0.5)
    late = moved(before, master.read())
    if late:
        failures += 1
        print(f"FAIL: counted after the last case: {late}")
    passed = len(cases) - failures
    print(f"{lab.args.family}: {passed} crafted cases passed of {len(cases)} "
          f"({counted} counted by reason, {len(cases) - counted} dropped before routerd)")
    return failures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--family", required=True, choices=FAMILIES)
    parser.add_argument("--dev", required=True)
    parser.add_argument("--attacker", required=True)
    parser.add_argument("--router", required=True)
    parser.add_argument("--router-mac", required=True,
                        type=lambda mac: bytes.fromhex(mac.replace(":", "")))
    parser.add_argument("--vip", required=True)
    parser.add_argument("--routerctl", required=True)
    parser.add_argument("--socket", required=True)
    parser.add_argument("--valid", action="store_true")
    args = parser.parse_args()
    lab = Lab(args)
    if args.valid:
        sound = lab.case("sound", "")
        mac = args.router_mac if sound.to_router else multicast_mac(lab.group)
        send_frames(args.dev, mac, sound.datagrams * 3, spacing=0.05)
        return
    cases = header_cases(lab) + v2_cases(lab) + truncation_cases(lab) + fragment_cases(lab)
    sys.exit(1 if run(lab, Master(args.routerctl, args.socket), cases) else 0)


if __name__ == "__main__":
    main()
