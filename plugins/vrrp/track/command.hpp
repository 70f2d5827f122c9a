// A script ready to exec: resolved argv and the identity it runs under.
#pragma once

#include <routerd/common/run_as.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::vrrp::track {

struct Command {
    std::vector<std::string> argv;  // argv[0] is an absolute or relative path, never looked up
    std::optional<common::RunAs> run_as;  // nullopt: the daemon's own identity
    bool script_security = false;         // enable_script_security: checked at every run too
    bool operator==(const Command&) const = default;
};

// Builds a Command from a keepalived script line. If the whole line names an executable file
// it is run as is (a path with spaces); otherwise it is split by Keepalived's quoting rule
// (common::split_command_line) and a bare program name is searched in PATH now, so a typo is
// a configuration error, not a silent failure at every run. Throws std::invalid_argument with the
// reason. `script_security` is only recorded: the runner checks it at every start.
Command make_command(std::string_view line, std::optional<common::RunAs> run_as = std::nullopt,
                     bool script_security = false);

// At configuration time: with script security, throws std::invalid_argument with the reason
// the rule (common/script_security.hpp) refuses the command's program.
void check_script_security(const Command& command);

}  // namespace routerd::vrrp::track
