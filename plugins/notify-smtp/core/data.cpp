#include "data.hpp"

#include "lines.hpp"

namespace routerd::smtp {

std::string encode_data(std::string_view message) {
    std::string out;
    out.reserve(message.size() + message.size() / 32 + 8);
    for (const std::string_view line : split_lines(message)) {
        if (line.starts_with('.')) {
            out += '.';
        }
        out += line;
        out += "\r\n";
    }
    out += ".\r\n";
    return out;
}

}  // namespace routerd::smtp
