#include "util/log.hpp"

#include <mutex>
#include <vector>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/syslog_sink.h>

namespace routerd {
namespace {

constexpr const char* kPattern = "%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v";

std::mutex g_mutex;
std::vector<spdlog::sink_ptr> g_sinks;
spdlog::level::level_enum g_level = spdlog::level::info;

std::vector<spdlog::sink_ptr>& sinks() {
    if (g_sinks.empty()) g_sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    return g_sinks;
}

}  // namespace

void configure_logging(LogTarget target, spdlog::level::level_enum level) {
    std::lock_guard lock(g_mutex);
    g_sinks.clear();
    if (target == LogTarget::syslog) {
        g_sinks.push_back(
            std::make_shared<spdlog::sinks::syslog_sink_mt>("routerd", 0, LOG_DAEMON, false));
    } else {
        g_sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    }
    g_level = level;
    spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& logger) {
        logger->sinks() = g_sinks;
        logger->set_pattern(kPattern);
        logger->set_level(level);
    });
}

std::shared_ptr<spdlog::logger> logger_for(std::string_view name) {
    std::lock_guard lock(g_mutex);
    if (auto existing = spdlog::get(std::string(name))) return existing;
    auto logger =
        std::make_shared<spdlog::logger>(std::string(name), sinks().begin(), sinks().end());
    logger->set_pattern(kPattern);
    logger->set_level(g_level);
    spdlog::register_logger(logger);
    return logger;
}

std::optional<spdlog::level::level_enum> parse_log_level(std::string_view text) {
    const spdlog::level::level_enum level = spdlog::level::from_str(std::string(text));
    if (level == spdlog::level::off && text != "off") return std::nullopt;
    return level;
}

}  // namespace routerd
