#include "connections.hpp"

#include <arpa/inet.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace routerd::announce_bgp {

namespace {

constexpr const char* kEstablished = "01";  // TCP_ESTABLISHED in include/net/tcp_states.h

}  // namespace

std::string proc_hex(const std::string& prefix) {
    const std::string address = prefix.substr(0, prefix.find('/'));
    unsigned char bytes[16];
    const bool v4 = inet_pton(AF_INET, address.c_str(), bytes) == 1;
    if (!v4 && inet_pton(AF_INET6, address.c_str(), bytes) != 1) return {};
    std::string out;
    char hex[3];
    for (int word = 0; word < (v4 ? 1 : 4); ++word) {
        uint32_t w = 0;
        std::memcpy(&w, bytes + 4 * word, 4);  // as the kernel's %08X of a native u32
        for (int i = 3; i >= 0; --i) {
            std::snprintf(hex, sizeof hex, "%02X", (w >> (8 * i)) & 0xff);
            out += hex;
        }
    }
    return out;
}

int count_established(const std::string& proc_text, const std::vector<std::string>& addresses) {
    std::istringstream lines(proc_text);
    std::string line;
    std::getline(lines, line);  // the header
    int n = 0;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state;
        if (!(fields >> slot >> local >> remote >> state) || state != kEstablished) continue;
        const std::string address = local.substr(0, local.find(':'));
        for (const std::string& a : addresses)
            n += address == a;
    }
    return n;
}

int established_connections(const std::vector<std::string>& prefixes) {
    std::vector<std::string> v4, v6;
    for (const std::string& p : prefixes) {
        (p.find(':') == std::string::npos ? v4 : v6).push_back(proc_hex(p));
    }
    int n = 0;
    for (const auto& [file, addresses] : {std::pair{"/proc/net/tcp", v4}, {"/proc/net/tcp6", v6}}) {
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        n += count_established(text.str(), addresses);
    }
    return n;
}

}  // namespace routerd::announce_bgp
