#include "routerd/ipvs/table/reconciler.h"

#include <gtest/gtest.h>

#include "table_builders.hpp"

using namespace routerd::ipvs;
using namespace routerd::ipvs::test;
using Kind = Change::Kind;

namespace {

// "kind service [destination]" per change, for readable expectations.
std::vector<std::string> summary(const std::vector<Change>& changes) {
    std::vector<std::string> out;
    for (const Change& c : changes) {
        std::string line = to_string(c.kind) + " " + c.service.key;
        if (c.after)
            line += " " + c.after->key() + "=" + std::to_string(c.after->weight);
        else if (c.before)
            line += " " + c.before->key();
        out.push_back(line);
    }
    return out;
}

using Strings = std::vector<std::string>;

Table one(Service s) {
    return Table{{std::move(s)}};
}

}  // namespace

TEST(Reconciler, SameTableNoChanges) {
    const Table t = one(service("10.0.0.1", 80, {dest("10.0.1.1", 80), dest("10.0.1.2", 80)}));
    EXPECT_TRUE(reconcile(t, t).empty());
}

TEST(Reconciler, ConnectionCountersAreNotChanges) {
    Table running = one(service("10.0.0.1", 80, {dest("10.0.1.1", 80)}));
    running.services[0].destinations[0].active_connections = 42;
    EXPECT_TRUE(reconcile(running, one(service("10.0.0.1", 80, {dest("10.0.1.1", 80)}))).empty());
}

TEST(Reconciler, AddServiceBeforeItsDestinations) {
    const auto changes =
        reconcile({}, one(service("10.0.0.1", 80, {dest("10.0.1.1", 80), dest("10.0.1.2", 81)})));
    EXPECT_EQ(summary(changes), (Strings{"add service tcp:10.0.0.1:80",
                                         "add destination tcp:10.0.0.1:80 10.0.1.1:80=1",
                                         "add destination tcp:10.0.0.1:80 10.0.1.2:81=1"}));
    EXPECT_TRUE(changes[0].service.destinations.empty());
}

TEST(Reconciler, RemoveServiceAfterEachOfItsDestinations) {
    const auto changes =
        reconcile(one(service("10.0.0.1", 80, {dest("10.0.1.1", 80), dest("10.0.1.2", 80)})), {});
    EXPECT_EQ(summary(changes), (Strings{"remove destination tcp:10.0.0.1:80 10.0.1.1:80",
                                         "remove destination tcp:10.0.0.1:80 10.0.1.2:80",
                                         "remove service tcp:10.0.0.1:80"}));
}

TEST(Reconciler, EditServiceForEverySetting) {
    const Service base = service("10.0.0.1", 80, {dest("10.0.1.1", 80)});
    std::vector<Service> edits(4, base);
    edits[0].scheduler = "sh";
    edits[1].flags = "ops";
    edits[2].persistence_timeout_ms = 1000;
    edits[3].persistence_granularity = "255.255.0.0";
    for (const Service& edited : edits) {
        const auto changes = reconcile(one(base), one(edited));
        ASSERT_EQ(changes.size(), 1u);
        EXPECT_EQ(changes[0].kind, Kind::edit_service);
        EXPECT_TRUE(changes[0].service.same_settings(edited));
    }
}

TEST(Reconciler, EditDestinationForEverySetting) {
    const Destination base = dest("10.0.1.1", 80);
    std::vector<Destination> edits(6, base);
    edits[0].weight = 3;
    edits[1].method = Method::dr;
    edits[2].tun_type = TunType::gue;
    edits[3].uthreshold = 10;
    edits[4].lthreshold = 2;
    edits[5].weight = 0;
    for (const Destination& edited : edits) {
        const auto changes =
            reconcile(one(service("10.0.0.1", 80, {base})), one(service("10.0.0.1", 80, {edited})));
        ASSERT_EQ(changes.size(), 1u);
        EXPECT_EQ(changes[0].kind, Kind::edit_destination);
        EXPECT_TRUE(changes[0].before->same_settings(base));
        EXPECT_TRUE(changes[0].after->same_settings(edited));
    }
}

TEST(Reconciler, AddAndRemoveDestinationsLeaveTheOthersAlone) {
    const auto changes =
        reconcile(one(service("10.0.0.1", 80, {dest("10.0.1.1", 80), dest("10.0.1.2", 80)})),
                  one(service("10.0.0.1", 80, {dest("10.0.1.2", 80), dest("10.0.1.3", 80)})));
    EXPECT_EQ(summary(changes), (Strings{"remove destination tcp:10.0.0.1:80 10.0.1.1:80",
                                         "add destination tcp:10.0.0.1:80 10.0.1.3:80=1"}));
}

TEST(Reconciler, SameAddressOtherPortIsAnotherDestination) {
    const auto changes = reconcile(one(service("10.0.0.1", 80, {dest("10.0.1.1", 80)})),
                                   one(service("10.0.0.1", 80, {dest("10.0.1.1", 8080)})));
    EXPECT_EQ(summary(changes), (Strings{"remove destination tcp:10.0.0.1:80 10.0.1.1:80",
                                         "add destination tcp:10.0.0.1:80 10.0.1.1:8080=1"}));
}

TEST(Reconciler, EditServiceAndItsDestinationsTogether) {
    Service after = service("10.0.0.1", 80, {dest("10.0.1.1", 80, 2)});
    after.scheduler = "wrr";
    const auto changes =
        reconcile(one(service("10.0.0.1", 80, {dest("10.0.1.1", 80)})), one(after));
    EXPECT_EQ(summary(changes), (Strings{"edit service tcp:10.0.0.1:80",
                                         "edit destination tcp:10.0.0.1:80 10.0.1.1:80=2"}));
}

TEST(Reconciler, ServicesAreIndependent) {
    const Table before{{service("10.0.0.1", 80, {dest("10.0.1.1", 80)}),
                        service("10.0.0.2", 80, {dest("10.0.1.1", 80)})}};
    const Table after{
        {service("10.0.0.2", 80, {dest("10.0.1.1", 80)}), service("10.0.0.3", 80, {})}};
    EXPECT_EQ(summary(reconcile(before, after)),
              (Strings{"remove destination tcp:10.0.0.1:80 10.0.1.1:80",
                       "remove service tcp:10.0.0.1:80", "add service tcp:10.0.0.3:80"}));
}

TEST(Reconciler, ApplyingTheChangesGivesTheTarget) {
    // Replaying every change on a copy of `before` must give `after`: nothing is missed.
    const Table before{{service("10.0.0.1", 80, {dest("10.0.1.1", 80), dest("10.0.1.2", 80)}),
                        service("10.0.0.2", 80, {dest("10.0.1.1", 80)})}};
    Service edited = service("10.0.0.1", 80, {dest("10.0.1.2", 80, 5), dest("10.0.1.3", 80)});
    edited.scheduler = "lc";
    const Table after{{edited, service("10.0.0.4", 443, {dest("10.0.1.9", 443)})}};
    Table replay = before;
    for (const Change& c : reconcile(before, after)) {
        auto svc = std::find_if(replay.services.begin(), replay.services.end(),
                                [&](const Service& s) { return s.key == c.service.key; });
        switch (c.kind) {
            case Kind::add_service:
                ASSERT_EQ(svc, replay.services.end());
                replay.services.push_back(c.service);
                break;
            case Kind::edit_service: {
                ASSERT_NE(svc, replay.services.end());
                auto kept = svc->destinations;
                *svc = c.service;
                svc->destinations = kept;
                break;
            }
            case Kind::remove_service:
                ASSERT_TRUE(svc->destinations.empty());
                replay.services.erase(svc);
                break;
            case Kind::add_destination:
                svc->destinations.push_back(*c.after);
                break;
            case Kind::edit_destination:
            case Kind::remove_destination: {
                auto d =
                    std::find_if(svc->destinations.begin(), svc->destinations.end(),
                                 [&](const Destination& x) { return x.key() == c.before->key(); });
                ASSERT_NE(d, svc->destinations.end());
                if (c.kind == Kind::edit_destination)
                    *d = *c.after;
                else
                    svc->destinations.erase(d);
                break;
            }
        }
    }
    EXPECT_TRUE(reconcile(replay, after).empty());
}
