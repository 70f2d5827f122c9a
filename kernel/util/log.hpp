#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

namespace routerd {

// Where log lines go: stderr (foreground) or syslog (daemon).
enum class LogTarget { stderr_stream, syslog };

// Sets the sinks and level every logger shares; call once at start.
void configure_logging(LogTarget target, spdlog::level::level_enum level);
// The logger for one component (a plugin's name, "routerd", "store"), created on first use;
// its name is on every line it writes.
std::shared_ptr<spdlog::logger> logger_for(std::string_view name);
std::optional<spdlog::level::level_enum> parse_log_level(std::string_view text);

}  // namespace routerd
