#include "config_fifo.hpp"

#include <sys/stat.h>

#include <filesystem>

#include "command.hpp"

namespace routerd::vrrp {
namespace {

using sdk::Config;

// The FIFO `path` names could be opened: "" when it can, else why not.
std::string fifo_path_problem(const std::string& path) {
    const std::filesystem::path p(path);
    if (!p.is_absolute()) return "must be an absolute path";
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
        return S_ISFIFO(st.st_mode) ? "" : path + " exists and is not a FIFO";
    }
    if (!std::filesystem::is_directory(p.parent_path())) {
        return "its directory " + p.parent_path().string() + " does not exist";
    }
    return "";
}

// One table's notify_fifo and notify_fifo_script.
bool parse_one(const Config& table, const common::ScriptPolicy& policy,
               std::vector<common::NotifyFifoSpec>& out) {
    const Config path_key = table["notify_fifo"];
    const Config script_key = table["notify_fifo_script"];
    const std::optional<std::string> path = path_key.string();
    const std::optional<std::string> script = script_key.string();
    if (!path_key.present()) {
        if (script_key.present()) script_key.error("needs notify_fifo: the FIFO it reads");
        return !script_key.present();
    }
    if (!path || (script_key.present() && !script)) return false;  // wrong type: reported
    bool ok = true;
    if (const std::string problem = fifo_path_problem(*path); !problem.empty()) {
        path_key.error(problem);
        ok = false;
    }
    common::NotifyFifoSpec spec{*path, {}, std::nullopt, policy.security};
    if (script) {
        try {
            const track::Command command = track::make_command(
                *script, common::script_run_as(std::nullopt, policy), policy.security);
            track::check_script_security(command);
            spec.script = command.argv;
            spec.run_as = command.run_as;
        } catch (const std::exception& e) {
            script_key.error(e.what());
            ok = false;
        }
    }
    if (!ok) return false;
    for (const common::NotifyFifoSpec& other : out) {
        if (other.path == spec.path) {
            // keepalived.conf(5): "the FIFO names must all be different".
            path_key.error("is [global] notify_fifo too: the FIFOs must differ");
            return false;
        }
    }
    out.push_back(std::move(spec));
    return true;
}

}  // namespace

bool parse_notify_fifos(const Config& global, const Config& vrrp,
                        const common::ScriptPolicy& policy,
                        std::vector<common::NotifyFifoSpec>& out) {
    const bool global_ok = parse_one(global, policy, out);
    return parse_one(vrrp, policy, out) && global_ok;
}

}  // namespace routerd::vrrp
