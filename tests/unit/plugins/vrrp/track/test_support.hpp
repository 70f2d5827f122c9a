// Real files, real scripts, a real io_context: helpers for the tracker tests.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>
#include "blocking_pool.hpp"

#include "tracker.hpp"

namespace routerd::vrrp::track::testing {

class TempDir {
  public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

// Writes `body` after a #!/bin/sh line and makes it executable.
std::filesystem::path write_script(const std::filesystem::path& path, const std::string& body);
void write_file(const std::filesystem::path& path, const std::string& text);
std::string read_file(const std::filesystem::path& path);  // "" if missing

// The loop and pool a tracker gets in production, driven by the test thread.
struct Loop {
    boost::asio::io_context io;
    BlockingPool pool{2};
    Executors executors() { return {io.get_executor(), &pool}; }
    // Runs the loop until `done` holds. The limit only stops a broken test from hanging;
    // no assertion depends on how long anything took.
    bool run_until(const std::function<bool()>& done,
                   std::chrono::seconds limit = std::chrono::seconds(30));
    // Runs the loop for a while (to show that something does NOT happen).
    void run_for(std::chrono::milliseconds duration);
};

}  // namespace routerd::vrrp::track::testing
