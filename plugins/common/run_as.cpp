#include "routerd/common/run_as.hpp"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
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

RunAs resolve_run_as_words(std::string_view user_and_group) {
    std::vector<std::string_view> words;
    constexpr std::string_view blanks = " \t";
    for (std::size_t at = user_and_group.find_first_not_of(blanks); at != std::string_view::npos;
         at = user_and_group.find_first_not_of(blanks, at)) {
        const std::size_t end =
            std::min(user_and_group.find_first_of(blanks, at), user_and_group.size());
        words.push_back(user_and_group.substr(at, end - at));
        at = end;
    }
    if (words.empty() || words.size() > 2)
        throw std::invalid_argument("\"" + std::string(user_and_group) +
                                    "\" is not \"USER\" or \"USER GROUP\"");
    return resolve_run_as(words[0], words.size() == 2 ? words[1] : std::string_view());
}

RunAs own_identity() {
    return RunAs{::geteuid(), ::getegid()};
}

}  // namespace routerd::common
