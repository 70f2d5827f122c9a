#include "ctl/text_table.hpp"

#include <algorithm>
#include <stdexcept>

namespace routerd::ctl {
namespace {

// Display width of a UTF-8 cell: its code points (routerd's names and reasons are ASCII or
// Latin text, where one code point is one column).
size_t width_of(const std::string& cell) {
    return static_cast<size_t>(
        std::count_if(cell.begin(), cell.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

TextTable::TextTable(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void TextTable::add(std::vector<std::string> cells) {
    if (cells.size() > headers_.size())
        throw std::logic_error("table row has more cells than the table has columns");
    cells.resize(headers_.size());
    rows_.push_back(std::move(cells));
}

std::string TextTable::render(const std::string& none) const {
    if (rows_.empty()) return none + "\n";
    std::vector<size_t> widths(headers_.size());
    for (size_t c = 0; c < headers_.size(); ++c) {
        widths[c] = width_of(headers_[c]);
        for (const auto& row : rows_)
            widths[c] = std::max(widths[c], width_of(row[c]));
    }
    std::string out;
    auto emit = [&](const std::vector<std::string>& cells) {
        std::string line;
        for (size_t c = 0; c < cells.size(); ++c) {
            line += cells[c];
            if (c + 1 < cells.size()) line += std::string(widths[c] - width_of(cells[c]) + 2, ' ');
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();  // an empty last cell leaves no trailing blanks
        out += line + "\n";
    };
    emit(headers_);
    for (const auto& row : rows_)
        emit(row);
    return out;
}

}  // namespace routerd::ctl
