#include "store/open_store.hpp"

#include <time.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "util/log.hpp"

namespace routerd {

std::filesystem::path corrupt_name(const std::filesystem::path& file,
                                   std::chrono::system_clock::time_point now) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
    return file.string() + ".corrupt-" + stamp;
}

OpenedStore open_store(const std::filesystem::path& file,
                       std::chrono::system_clock::time_point now) {
    try {
        return OpenedStore{std::make_unique<Store>(file), std::nullopt};
    } catch (const StoreCorrupt& e) {
        StoreRecovery recovery{corrupt_name(file, now), e.what()};
        for (const char* suffix : {"", "-wal", "-shm"}) {
            const std::string from = file.string() + suffix;
            const std::string to = recovery.moved_to.string() + suffix;
            if (std::rename(from.c_str(), to.c_str()) != 0 && (errno != ENOENT || !*suffix)) {
                throw StoreError(from + " is corrupt (" + recovery.reason +
                                 ") and cannot be moved aside: " + std::strerror(errno));
            }
        }
        logger_for("store")->error(
            "{} is corrupt ({}): moved it aside to {} and started with an empty store; the "
            "history, last-known health and queued alerts it held are not restored",
            file.string(), recovery.reason, recovery.moved_to.string());
        return OpenedStore{std::make_unique<Store>(file), std::move(recovery)};
    }
}

}  // namespace routerd
