#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "store/store.hpp"

namespace routerd {

// A state database that could not be used and was moved aside.
struct StoreRecovery {
    std::filesystem::path moved_to;  // "state.db.corrupt-20261206T021500Z"
    std::string reason;              // what SQLite said
};

struct OpenedStore {
    std::unique_ptr<Store> store;
    std::optional<StoreRecovery> recovery;  // set when routerd started with an empty store
};

// Opens the state database. A corrupt one (not a database, damaged, truncated) would make
// routerd exit and its supervisor restart it for ever: it is moved aside, with its -wal and
// -shm files, to FILE.corrupt-<UTC time> (the files keep their private mode), logged as an
// error, and routerd starts with an empty store. Other failures (permissions, a full disk)
// throw StoreError as before: moving the file would not fix them.
OpenedStore open_store(
    const std::filesystem::path& file,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// "FILE.corrupt-20261206T021500Z" for `now`.
std::filesystem::path corrupt_name(const std::filesystem::path& file,
                                   std::chrono::system_clock::time_point now);

}  // namespace routerd
