// The C ABI's small types in C++: strings and size-prefixed structs.
#ifndef ROUTERD_SDK_ABI_HPP
#define ROUTERD_SDK_ABI_HPP

#include <routerd/plugin.h>

#include <algorithm>
#include <cstring>
#include <string_view>

namespace routerd::sdk {

inline routerd_str_t to_c(std::string_view s) {
    return routerd_str_t{s.data(), s.size()};
}
inline std::string_view from_c(routerd_str_t s) {
    return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view();
}

// Copies a size-prefixed C struct written by the other side into a zeroed one of ours.
template <class T>
T read_sized(const T* source) {
    T out;
    std::memset(&out, 0, sizeof out);
    if (source != nullptr) {
        std::memcpy(&out, source, std::min<size_t>(source->size, sizeof out));
    }
    out.size = sizeof out;
    return out;
}

}  // namespace routerd::sdk

#endif  // ROUTERD_SDK_ABI_HPP
