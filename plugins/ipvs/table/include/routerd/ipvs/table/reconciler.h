// The difference between two forwarding tables as a list of changes, so that only what
// changed is touched: a reload that keeps a real server never disturbs its connections.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "routerd/ipvs/table/table.h"

namespace routerd::ipvs {

struct Change {
    enum class Kind {
        add_service,
        edit_service,
        remove_service,
        add_destination,
        edit_destination,
        remove_destination
    };
    Kind kind;
    Service service;  // the new settings (the old ones for remove_service); no destinations
    std::optional<Destination> before;  // edit/remove_destination
    std::optional<Destination> after;   // add/edit_destination

    bool operator==(const Change&) const;
};

std::string to_string(Change::Kind kind);

// Changes that turn `before` into `after`, in an order a forwarder can apply one by one:
// services are added before their destinations, and destinations removed before their
// service (each removal is listed, so every real server that leaves is seen leaving).
std::vector<Change> reconcile(const Table& before, const Table& after);

}  // namespace routerd::ipvs
