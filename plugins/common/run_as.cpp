#include "routerd/common/run_as.hpp"

#include <grp.h>
#include <pwd.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace routerd::common {

RunAs resolve_run_as(std::string_view user, std::string_view group) {
    std::vector<char> buffer(16384);
    struct passwd pw {};
    struct passwd* found = nullptr;
    const std::string user_name(user);
    if (::getpwnam_r(user_name.c_str(), &pw, buffer.data(), buffer.size(), &found) != 0 ||
        found == nullptr)
        throw std::invalid_argument("unknown user \"" + user_name + "\"");
    RunAs run_as{pw.pw_uid, pw.pw_gid};
    if (!group.empty()) {
        struct group gr {};
        struct group* found_group = nullptr;
        const std::string group_name(group);
        if (::getgrnam_r(group_name.c_str(), &gr, buffer.data(), buffer.size(), &found_group) !=
                0 ||
            found_group == nullptr)
            throw std::invalid_argument("unknown group \"" + group_name + "\"");
        run_as.gid = gr.gr_gid;
    }
    return run_as;
}

}  // namespace routerd::common
