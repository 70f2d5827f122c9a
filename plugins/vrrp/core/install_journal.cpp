#include "install_journal.hpp"

namespace routerd::vrrp {

InstallJournal::Errors InstallJournal::add(const std::vector<Change>& adds) {
    std::vector<Installed> unrecorded;
    for (const Change& add : adds) {
        if (!recorded_.contains(add.item)) unrecorded.push_back(add.item);
    }
    const bool recorded_now = !unrecorded.empty() && records_.record(unrecorded);
    if (recorded_now) recorded_.insert(unrecorded.begin(), unrecorded.end());
    const std::set<Installed> fresh(unrecorded.begin(), unrecorded.end());
    Errors errors;
    for (const Change& add : adds) {
        errors.push_back(add.run());
        if (errors.back() && recorded_now && fresh.contains(add.item)) {
            records_.forget(add.item);
            recorded_.erase(add.item);
        }
    }
    return errors;
}

InstallJournal::Errors InstallJournal::remove(const std::vector<Change>& removals) {
    Errors errors;
    for (const Change& removal : removals) {
        errors.push_back(removal.run());
        if (!errors.back()) {
            records_.forget(removal.item);
            recorded_.erase(removal.item);
        }
    }
    return errors;
}

}  // namespace routerd::vrrp
