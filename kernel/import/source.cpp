#include "source.hpp"

namespace routerd::import {

std::string Origin::text() const {
    if (line == 0) return file;
    std::string out = file + ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
    return out;
}

std::string Origin::file_line() const {
    return line == 0 ? file : file + ":" + std::to_string(line);
}

}  // namespace routerd::import
