#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace routerd::checks::http {

// The HTTP status codes a URL accepts: single codes and ranges, as keepalived.conf(5)
// writes them ("status_code 200-299 400-499 503"). Default 200-299.
class StatusCodes {
  public:
    StatusCodes() = default;
    // One item: "200", "200-299" (or a number); error text in *error when invalid.
    bool add(std::string_view item, std::string* error);
    bool accepts(int code) const;
    bool empty() const { return ranges_.empty(); }
    std::string to_string() const;  // "200-299, 503"
    static StatusCodes defaults() { return StatusCodes({{200, 299}}); }

  private:
    explicit StatusCodes(std::vector<std::pair<int, int>> ranges) : ranges_(std::move(ranges)) {}
    std::vector<std::pair<int, int>> ranges_;  // inclusive
};

}  // namespace routerd::checks::http
