// The one table layout of routerctl's human output: a header row in capitals and columns
// padded to their widest cell, two spaces apart; the last column is not padded.
#pragma once

#include <string>
#include <vector>

namespace routerd::ctl {

class TextTable {
  public:
    explicit TextTable(std::vector<std::string> headers);

    // A row with fewer cells than headers is padded with empty cells; more is a bug (throws).
    void add(std::vector<std::string> cells);
    bool empty() const { return rows_.empty(); }
    // The header and every row, each ending in a newline; `none` instead when there is no row.
    std::string render(const std::string& none = "(none)") const;

  private:
    std::vector<std::string> headers_;
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace routerd::ctl
