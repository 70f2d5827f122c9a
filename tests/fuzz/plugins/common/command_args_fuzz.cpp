// libFuzzer target for a plugin command's arguments (routerd/common/command_args.hpp), which
// every plugin's command() reads from what a control client sent. Checks, beyond memory safety:
// - nothing the client sent makes it throw (an exception escaping the fuzzer is a finding);
// - a request that is an object with an "args" array yields one argument per element, a
//   string element as itself; anything else yields none.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "routerd/common/command_args.hpp"

namespace {

void check(bool condition) {
    if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view request(reinterpret_cast<const char*>(data), size);
    const std::vector<std::string> args = routerd::common::command_args(request);

    const nlohmann::json parsed = nlohmann::json::parse(request, nullptr, false);
    const bool has_args =
        parsed.is_object() && parsed.contains("args") && parsed.at("args").is_array();
    if (!has_args) {
        check(args.empty());
        return 0;
    }
    const nlohmann::json& expected = parsed.at("args");
    check(args.size() == expected.size());
    for (size_t i = 0; i < args.size(); ++i) {
        if (expected[i].is_string()) check(args[i] == expected[i].get<std::string>());
    }
    return 0;
}
