#include "routerd/common/command_args.hpp"

#include <nlohmann/json.hpp>

namespace routerd::common {

std::vector<std::string> command_args(std::string_view request) {
    const nlohmann::json parsed = nlohmann::json::parse(request, nullptr, false);
    std::vector<std::string> args;
    if (!parsed.is_object()) return args;
    const auto found = parsed.find("args");
    if (found == parsed.end() || !found->is_array()) return args;
    for (const nlohmann::json& arg : *found) {
        // dump's replace handler: a client's invalid UTF-8 is not worth an exception.
        args.push_back(arg.is_string()
                           ? arg.get<std::string>()
                           : arg.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    return args;
}

}  // namespace routerd::common
