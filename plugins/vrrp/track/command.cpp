#include "command.hpp"

#include <routerd/common/command_line.hpp>
#include <routerd/common/script_policy.hpp>

namespace routerd::vrrp::track {

Command make_command(std::string_view line, std::optional<common::RunAs> run_as,
                     bool script_security) {
    return Command{common::resolve_command_line(line), run_as, script_security};
}

void check_script_security(const Command& command) {
    if (command.script_security)
        common::check_script_security(command.argv.front(), command.run_as);
}

}  // namespace routerd::vrrp::track
