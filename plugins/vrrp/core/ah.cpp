#include "ah.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <vector>

#include "bytes.hpp"

namespace routerd::vrrp {

void write_ah_header(std::span<std::uint8_t> ah, std::span<const std::uint8_t, 4> spi,
                     std::uint32_t sequence) {
    std::fill_n(ah.begin(), kAhLength, 0);
    ah[0] = kIpProtoVrrp;
    ah[1] = kAhPayloadLength;
    std::copy(spi.begin(), spi.end(), ah.begin() + 4);
    put32(ah, 8, sequence);
}

AhIcv compute_ah_icv(std::span<const std::uint8_t> datagram, std::size_t header_length,
                     const AuthKey& key, bool unicast) {
    std::vector<std::uint8_t> copy(datagram.begin(), datagram.end());
    copy[1] = 0;         // TOS
    put16(copy, 6, 0);   // flags + fragment offset
    put16(copy, 10, 0);  // header checksum
    if (unicast) {
        copy[8] = 0;  // TTL
    }
    std::fill_n(copy.begin() + static_cast<std::ptrdiff_t>(header_length + kAhIcvOffset),
                kAhIcvLength, 0);

    std::array<std::uint8_t, EVP_MAX_MD_SIZE> digest{};
    unsigned int digest_length = 0;
    HMAC(EVP_md5(), key.data(), static_cast<int>(key.size()), copy.data(), copy.size(),
         digest.data(), &digest_length);
    AhIcv icv{};
    std::copy_n(digest.begin(), icv.size(), icv.begin());
    return icv;
}

}  // namespace routerd::vrrp
