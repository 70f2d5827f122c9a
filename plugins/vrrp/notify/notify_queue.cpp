#include "notify_queue.hpp"

#include <stdexcept>
#include <string>

namespace routerd::vrrp::track {

std::string_view keyword(NotifyEvent event) {
    switch (event) {
        case NotifyEvent::master:
            return "MASTER";
        case NotifyEvent::backup:
            return "BACKUP";
        case NotifyEvent::fault:
            return "FAULT";
        case NotifyEvent::stop:
            return "STOP";
        case NotifyEvent::deleted:
            return "DELETED";
        case NotifyEvent::master_rx_lower_pri:
            return "MASTER_RX_LOWER_PRI";
    }
    return {};
}

std::optional<NotifyEvent> notify_event(State to) {
    switch (to) {
        case State::master:
            return NotifyEvent::master;
        case State::backup:
            return NotifyEvent::backup;
        case State::fault:
            return NotifyEvent::fault;
        case State::initialize:
            return std::nullopt;
    }
    return std::nullopt;
}

std::vector<Command> notify_commands(const NotifyConfig& config, NotifyEvent event, int priority) {
    const std::optional<Command>* specific = nullptr;
    switch (event) {
        case NotifyEvent::master:
            specific = &config.master;
            break;
        case NotifyEvent::backup:
            specific = &config.backup;
            break;
        case NotifyEvent::fault:
            specific = &config.fault;
            break;
        case NotifyEvent::stop:
            specific = &config.stop;
            break;
        case NotifyEvent::deleted:
            specific = &config.deleted;
            break;
        case NotifyEvent::master_rx_lower_pri:
            specific = &config.master_rx_lower_pri;
            break;
    }
    std::vector<Command> commands;
    if (*specific) commands.push_back(**specific);
    if (config.any && event != NotifyEvent::master_rx_lower_pri) {
        Command generic = *config.any;
        generic.argv.push_back(config.scope == NotifyScope::instance ? "INSTANCE" : "GROUP");
        generic.argv.push_back(config.name);
        generic.argv.emplace_back(keyword(event));
        generic.argv.push_back(std::to_string(priority));
        commands.push_back(std::move(generic));
    }
    return commands;
}

std::vector<Command> NotifyQueue::push(std::vector<Command> commands) {
    std::vector<Command> dropped;
    for (auto& command : commands) {
        if (waiting_.size() >= capacity_) {
            dropped.push_back(std::move(waiting_.front()));
            waiting_.pop_front();
            ++dropped_;
        }
        waiting_.push_back(std::move(command));
    }
    return dropped;
}

std::optional<Command> NotifyQueue::start_next() {
    if (busy_ || waiting_.empty()) return std::nullopt;
    Command next = std::move(waiting_.front());
    waiting_.pop_front();
    busy_ = true;
    return next;
}

void NotifyQueue::finished() {
    if (!busy_) throw std::logic_error("NotifyQueue::finished() with nothing running");
    busy_ = false;
}

}  // namespace routerd::vrrp::track
