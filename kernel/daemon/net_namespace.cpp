#include "daemon/net_namespace.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "config/config_view.hpp"
#include "config/document.hpp"

namespace routerd {

std::filesystem::path net_namespace_path(const std::string& name) {
    return std::filesystem::path("/run/netns") / name;
}

std::optional<std::string> net_namespace_problem(const std::string& name) {
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos)
        return "'" + name + "' is not a namespace name (as `ip netns add NAME` takes)";
    std::error_code error;
    if (!std::filesystem::exists(net_namespace_path(name), error))
        return "no network namespace '" + name + "' (" + net_namespace_path(name).string() +
               " is missing: create it with `ip netns add " + name + "`)";
    return std::nullopt;
}

std::optional<std::string> enter_configured_net_namespace(
    const std::filesystem::path& config_file) {
    auto doc = ConfigDocument::load(config_file);
    if (!doc->diagnostics().empty()) return std::nullopt;
    const auto name = ConfigView(doc->root())["global"]["net_namespace"].string();
    if (!name || net_namespace_problem(std::string(*name))) return std::nullopt;
    const std::filesystem::path path = net_namespace_path(std::string(*name));
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "net_namespace: cannot open " + path.string() + ": " + std::strerror(errno);
    const int entered = ::setns(fd, CLONE_NEWNET);
    const int error = errno;
    ::close(fd);
    if (entered != 0)
        return "net_namespace: cannot enter " + path.string() + ": " + std::strerror(error) +
               (error == EPERM ? " (it takes CAP_SYS_ADMIN: run routerd as root)" : "");
    return std::nullopt;
}

}  // namespace routerd
