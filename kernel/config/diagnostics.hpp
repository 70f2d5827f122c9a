#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace routerd {

struct SourcePosition {
    std::string file;
    uint32_t line = 0;
    uint32_t column = 0;
};

// One configuration error: "file:line:col: key.path: message".
struct Diagnostic {
    SourcePosition where;
    std::string key_path;
    std::string message;

    std::string to_string() const;
};

// Every configuration error found in one pass, in the order found.
class Diagnostics {
  public:
    void add(SourcePosition where, std::string key_path, std::string message);
    void add(Diagnostic diagnostic);
    bool empty() const;
    std::vector<Diagnostic> all() const;
    // All errors, one per line.
    std::string to_string() const;

  private:
    mutable std::mutex mutex_;
    std::vector<Diagnostic> items_;
};

}  // namespace routerd
