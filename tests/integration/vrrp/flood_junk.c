/* Floods the VRRP group with junk protocol-112 datagrams from inside a test namespace, as fast
 * as sendmmsg(2) goes: datagrams for VRIDs nobody has, for VRID `vrid` with a TTL that says
 * they were routed, for `vrid` with TTL 255 and a wrong checksum (the only ones a kernel
 * filter cannot tell from adverts), and noise. Prints how many it sent. (C, not Python: a
 * Python loop sends too few to matter.) With PER_SECOND, at that rate: a batch every 10 ms.
 *
 * Usage: flood_junk DEV SOURCE_IPV4 VRID SECONDS [PER_SECOND] */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

enum { kKinds = 4, kCopies = 64, kBatch = kKinds * kCopies, kLength = 32 };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* IPv4 header (checksum left to the kernel) and a VRRPv3-looking message. */
static void make(uint8_t* p, struct in_addr source, struct in_addr group, int ttl, int vrid,
                 int noise) {
    memset(p, 0, kLength);
    p[0] = 0x45;
    p[1] = 0xc0;
    p[3] = kLength;
    p[5] = 1;
    p[8] = (uint8_t)ttl;
    p[9] = 112;
    memcpy(p + 12, &source, 4);
    memcpy(p + 16, &group, 4);
    uint8_t* v = p + 20;
    if (noise) {
        for (int i = 0; i < kLength - 20; ++i)
            v[i] = (uint8_t)rand();
        return;
    }
    v[0] = 0x31;
    v[1] = (uint8_t)vrid;
    v[2] = 1;
    v[3] = 1;
    v[5] = 100;
    v[6] = 0xde;
    v[7] = 0xad;
}

int main(int argc, char** argv) {
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: flood_junk DEV SOURCE_IPV4 VRID SECONDS [PER_SECOND]\n");
        return 2;
    }
    struct in_addr source, group;
    inet_pton(AF_INET, argv[2], &source);
    inet_pton(AF_INET, "224.0.0.18", &group);
    const int vrid = atoi(argv[3]);
    const double seconds = atof(argv[4]);
    const long per_second = argc == 6 ? atol(argv[5]) : 0;
    const int fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
    if (fd < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, argv[1], (socklen_t)strlen(argv[1]))) {
        perror("socket");
        return 1;
    }
    struct ip_mreqn out = {.imr_ifindex = (int)if_nametoindex(argv[1])};
    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &out, sizeof out);
    const int off = 0;
    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &off, sizeof off);

    static uint8_t packets[kBatch][kLength];
    static struct iovec io[kBatch];
    static struct mmsghdr messages[kBatch];
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_addr = group};
    for (int i = 0; i < kBatch; ++i) {
        switch (i % kKinds) {
            case 0:
                make(packets[i], source, group, 255, 100 + i % 100, 0);
                break; /* nobody's */
            case 1:
                make(packets[i], source, group, 64, vrid, 0);
                break; /* routed */
            case 2:
                make(packets[i], source, group, 255, vrid, 0);
                break; /* checksum */
            default:
                make(packets[i], source, group, 255, 0, 1);
                break; /* noise */
        }
        io[i].iov_base = packets[i];
        io[i].iov_len = kLength;
        messages[i].msg_hdr.msg_name = &to;
        messages[i].msg_hdr.msg_namelen = sizeof to;
        messages[i].msg_hdr.msg_iov = &io[i];
        messages[i].msg_hdr.msg_iovlen = 1;
    }
    unsigned long long sent = 0;
    const double start = now();
    const double end = start + seconds;
    for (double t = start; t < end; t = now()) {
        unsigned batch = kBatch;
        if (per_second > 0) {
            /* What the rate allows by the end of this 10 ms tick, less what went already. */
            const double due = ((double)(long)((t - start) / 0.01) + 1) * 0.01 * per_second;
            if ((double)sent >= due) {
                nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
                continue;
            }
            batch = due - (double)sent < kBatch ? (unsigned)(due - (double)sent) : kBatch;
            if (batch == 0) batch = 1;
        }
        const int n = sendmmsg(fd, messages, batch, 0);
        if (n > 0) sent += (unsigned long long)n; /* ENOBUFS: the queue is full, the point */
    }
    printf("%llu\n", sent);
    return 0;
}
