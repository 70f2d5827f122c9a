#include "fifo_line.hpp"

namespace routerd::vrrp::track {

std::string fifo_line(NotifyScope scope, std::string_view name, std::string_view state,
                      int priority) {
    std::string line(scope == NotifyScope::group ? "GROUP \"" : "INSTANCE \"");
    line.append(name);
    line.append("\" ");
    line.append(state);
    line.append(" ");
    line.append(std::to_string(priority));
    line.push_back('\n');
    return line;
}

std::optional<std::string_view> priority_change_word(State state) {
    switch (state) {
        case State::master:
            return "MASTER_PRIORITY";
        case State::backup:
            return "BACKUP_PRIORITY";
        case State::fault:
        case State::initialize:
            return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace routerd::vrrp::track
