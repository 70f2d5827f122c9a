#include "routerd/ipvs/service/script_runner.h"

#include <routerd/common/command_line.hpp>
#include <routerd/common/run_to_completion.hpp>

namespace routerd::ipvs {

std::vector<std::string> run_scripts(const std::vector<std::string>& commands,
                                     std::chrono::milliseconds timeout,
                                     const common::ScriptPolicy& policy) {
    std::vector<common::ChildSpec> specs(commands.size());
    for (std::size_t i = 0; i < commands.size(); ++i) {
        specs[i].argv = common::shell_command(commands[i]);
        specs[i].run_as = common::script_run_as(std::nullopt, policy);
        specs[i].script_security = policy.security;
        specs[i].secured_program = common::shell_line_program(commands[i]);
        specs[i].timeout = timeout;
    }
    std::vector<std::string> results;
    for (const common::ChildOutcome& outcome : common::run_to_completion(specs))
        results.push_back(outcome.success() ? "" : outcome.describe());
    return results;
}

}  // namespace routerd::ipvs
