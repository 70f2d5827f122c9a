#include "mailbox.hpp"

#include <algorithm>

namespace routerd::smtp {
bool is_graphic_ascii(std::string_view text) {
    return !text.empty() && std::ranges::all_of(text, [](char c) { return c > ' ' && c < 0x7f; });
}

bool is_valid_mailbox(std::string_view address) {
    return is_graphic_ascii(address) && address.find_first_of("<>") == std::string_view::npos &&
           address.find('@') != std::string_view::npos;
}

bool is_valid_helo_name(std::string_view name) {
    return is_graphic_ascii(name);
}

}  // namespace routerd::smtp
