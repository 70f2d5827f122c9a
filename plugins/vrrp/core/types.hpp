// Shared vocabulary of the VRRP cores: versions, authentication, durations, addresses.
#pragma once

#include <array>
#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace routerd::vrrp {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
// VRRPv3 carries its interval in centiseconds (RFC 5798 §5.2.7); v2 in whole seconds.
using Centiseconds = std::chrono::duration<std::int64_t, std::centi>;

enum class Version : std::uint8_t { v2 = 2, v3 = 3 };
enum class Family : std::uint8_t { ipv4, ipv6 };

// RFC 3768 §5.3.6 (and RFC 2338 §5.3.6 for AH). VRRPv3 has no authentication.
enum class AuthType : std::uint8_t { none = 0, pass = 1, ah = 2 };

inline constexpr std::uint8_t kIpProtoVrrp = 112;
inline constexpr std::uint8_t kIpProtoAh = 51;
inline constexpr std::uint8_t kRequiredTtl = 255;  // RFC 5798 §5.1.1.3 / §5.1.2.3
inline constexpr std::uint8_t kPriorityOwner = 255;
inline constexpr std::uint8_t kPriorityStop = 0;  // "stop participating", RFC 5798 §5.2.4

// auth_pass as Keepalived stores it: the first 8 bytes, zero-padded.
using AuthKey = std::array<std::uint8_t, 8>;
AuthKey make_auth_key(std::string_view auth_pass);

class IpAddress {
  public:
    static IpAddress v4(std::array<std::uint8_t, 4> bytes);
    static IpAddress v6(std::array<std::uint8_t, 16> bytes);
    // Accepts dotted quad or RFC 4291 text; nullopt if neither.
    static std::optional<IpAddress> parse(std::string_view text);

    Family family() const { return family_; }
    std::size_t size() const { return family_ == Family::ipv4 ? 4 : 16; }
    std::span<const std::uint8_t> bytes() const { return {bytes_.data(), size()}; }
    std::string to_string() const;
    bool is_multicast() const;   // 224.0.0.0/4, ff00::/8
    bool is_link_local() const;  // fe80::/10 (RFC 4291 §2.5.6)

    // Network byte order compares as the numeric value (RFC 5798 §6.4.3 tie-break).
    auto operator<=>(const IpAddress&) const = default;

  private:
    Family family_ = Family::ipv4;
    std::array<std::uint8_t, 16> bytes_{};
};

IpAddress vrrp_multicast_group(Family family);  // 224.0.0.18 / ff02::12

}  // namespace routerd::vrrp
