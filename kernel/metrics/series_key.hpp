// A series' label values as one string: the key of its family's map. 1,000 VRRP instances have
// 27,000 series; a vector of strings cost each of them one allocation for the vector and one
// per long value, this key one at most (none when it fits the string's own buffer).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::metrics {

// The values joined by '\0'. Inside a value, 0x00 becomes 0x01 0x01 and 0x01 becomes 0x01 0x02,
// so that no value has a '\0' of its own and keys sort as the value lists did (a scrape lists
// series in label-value order): the separator sorts below every byte a value can encode to.
std::string encode_series_key(const std::vector<std::string>& label_values);

// The `count` values encode_series_key() joined (count tells no label from one empty value).
std::vector<std::string> decode_series_key(std::string_view key, std::size_t count);

}  // namespace routerd::metrics
