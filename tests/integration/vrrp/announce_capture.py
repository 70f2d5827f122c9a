#!/usr/bin/env python3
"""Checks what a VRRP master put on the wire, from `tcpdump -e -nn -tt -r CAPTURE` text on
stdin: its adverts (group and source address) and its gratuitous ARPs / unsolicited NAs (how
many per address, and their spacing), around the one lower-priority advert a forger sent.

  announce_capture.py --mac MAC --group G --source S --forger F --address A [--address A ...]
                      --first N --delay D --lower N --lower-delay D --spacing S

--first N: messages per address on becoming MASTER (garp_master_repeat, twice: at once and after
--delay seconds, garp_master_delay); --lower N after the forged advert, twice likewise
(garp_lower_prio_repeat, --lower-delay: garp_lower_prio_delay); consecutive messages of one kind
(ARP, NA) leave at least --spacing seconds apart (garp_interval / gna_interval). Every bound on
time is a lower one: a loaded machine can only make gaps longer. Prints what it saw; exits 1
with the reason on the first mismatch.
"""
import argparse
import re
import sys

LINE = re.compile(r"^(?P<t>\d+\.\d+) (?P<mac>[0-9a-f:]{17}) > \S+, ethertype \S+ \(\S+\), "
                  r"length \d+: (?P<rest>.*)$")
ARP = re.compile(r"Request who-has (?P<target>\S+) tell (?P<sender>\S+?),")
NA = re.compile(r"ICMP6, neighbor advertisement, tgt is (?P<target>[^,]+),")
VRRP = re.compile(r"^(?P<src>\S+) > (?P<dst>\S+?): VRRPv\d, Advertisement, vrid \d+, "
                  r"prio (?P<prio>\d+)")


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mac", required=True)
    p.add_argument("--group", required=True)
    p.add_argument("--source", required=True)
    p.add_argument("--forger", required=True)
    p.add_argument("--address", action="append", required=True)
    p.add_argument("--first", type=int, required=True)
    p.add_argument("--delay", type=float, required=True)
    p.add_argument("--lower", type=int, required=True)
    p.add_argument("--lower-delay", type=float, required=True)
    p.add_argument("--spacing", type=float, required=True)
    a = p.parse_args()

    adverts, announcements, forged = [], [], None
    for line in sys.stdin:
        m = LINE.match(line.strip())
        if not m:
            continue
        t, rest = float(m["t"]), m["rest"]
        v = VRRP.match(rest)
        if v and v["src"] == a.forger:
            forged = forged or t
        elif v:
            adverts.append((t, v["src"], v["dst"]))
        elif m["mac"] == a.mac:
            arp, na = ARP.search(rest), NA.search(rest)
            if arp and arp["target"] == arp["sender"]:
                announcements.append((t, "arp", arp["target"]))
            elif na:
                announcements.append((t, "na", na["target"]))
    print(f"adverts: {len(adverts)}, announcements: {len(announcements)}, forged at {forged}")

    if len(adverts) < 3:
        fail(f"only {len(adverts)} adverts from the master")
    for t, src, dst in adverts:
        if (src, dst) != (a.source, a.group):
            fail(f"an advert {src} > {dst}, not {a.source} > {a.group}")
    if forged is None:
        fail("the forged lower-priority advert is not in the capture")

    for address in a.address:
        times = [t for t, _, target in announcements if target == address]
        before = [t for t in times if t < forged]
        after = [t for t in times if t >= forged]
        print(f"{address}: {len(before)} on becoming master, {len(after)} after the forged "
              f"advert")
        if len(before) != 2 * a.first:
            fail(f"{address}: {len(before)} announcements on becoming master, not 2 x {a.first}")
        # Each set sends this address at the same place in its interface's queue; 50 ms for
        # the first one's receive timestamp coming late.
        if before[a.first] - before[0] < a.delay - 0.05:
            fail(f"{address}: the second set came {before[a.first] - before[0]:.3f}s after the "
                 f"first, before garp_master_delay")
        if len(after) != 2 * a.lower:
            fail(f"{address}: {len(after)} announcements after a lower-priority advert, not "
                 f"2 x {a.lower}")
        if after[a.lower] - forged < a.lower_delay:
            fail(f"{address}: the second set came {after[a.lower] - forged:.3f}s after the "
                 f"lower-priority advert, before garp_lower_prio_delay")
    for kind in ("arp", "na"):
        times = sorted(t for t, k, _ in announcements if k == kind)
        gaps = [b - a_ for a_, b in zip(times, times[1:])]
        if gaps:
            print(f"{kind}: {len(times)} messages, closest {min(gaps) * 1000:.1f} ms apart")
            # Half the interval: a receive timestamp may come late, never early, by much.
            if min(gaps) < a.spacing / 2:
                fail(f"two {kind} messages {min(gaps) * 1000:.1f} ms apart, under the interval")
    print("OK")


if __name__ == "__main__":
    main()
