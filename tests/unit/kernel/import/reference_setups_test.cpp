// The reference page's three setups (ArchWiki, Keepalived: tests/data/keepalived/, verbatim)
// import to the configurations routerd ships for them in etc/examples/. The comparison is of
// what the files mean, not their text: durations by their length, virtual and real servers by
// their address (the examples give them short names), defaults left out, and [global] aside
// (router_id: Keepalived's default is the host name, the examples name the host).
#include <gtest/gtest.h>

#include <map>

#include <toml++/toml.h>

#include "config/duration.hpp"
#include "import/conf_reader.hpp"
#include "import/import_keepalived.hpp"

namespace routerd::import {
namespace {

std::string canonical(const toml::node& node);

std::string canonical_value(const toml::node& node) {
    if (const auto* text = node.as_string()) {
        const auto duration = parse_duration(text->get());
        if (const auto* ns = std::get_if<std::chrono::nanoseconds>(&duration)) {
            return "duration:" + std::to_string(ns->count());
        }
        return "\"" + text->get() + "\"";
    }
    if (const auto* number = node.as_integer()) return std::to_string(number->get());
    if (const auto* flag = node.as_boolean()) return flag->get() ? "true" : "false";
    return "?";
}

// Tables named by their address instead of their name.
toml::table by_address(const toml::table& named) {
    toml::table out;
    for (const auto& [name, node] : named) {
        const toml::table& table = *node.as_table();
        const std::string key =
            table["address"].value_or(table["group"].value_or(std::string(name.str())));
        out.insert(key, table);
    }
    return out;
}

std::string canonical(const toml::node& node) {
    if (const auto* array = node.as_array()) {
        std::string out = "[";
        for (const toml::node& item : *array)
            out += canonical(item) + ",";
        return out + "]";
    }
    if (const auto* table = node.as_table()) {
        std::map<std::string, std::string> sorted;  // keys in order
        for (const auto& [key, value] : *table) {
            const std::string k(key.str());
            if (k == "virtual_server" || k == "real_server") {
                sorted[k] = canonical(by_address(*value.as_table()));
            } else {
                sorted[k] = canonical(value);
            }
        }
        std::string out = "{";
        for (const auto& [k, v] : sorted)
            out += k + "=" + v + ";";
        return out + "}";
    }
    return canonical_value(node);
}

std::string meaning(toml::table config) {
    config.erase("global");
    if (auto* ipvs = config["ipvs"].as_table()) {
        if ((*ipvs)["forwarder"].value_or(std::string()) == "auto") ipvs->erase("forwarder");
    }
    return canonical(config);
}

void expect_same_meaning(const std::string& keepalived_conf, const std::string& example) {
    const std::string source = std::string(KEEPALIVED_DATA_DIR) + "/" + keepalived_conf;
    const ImportResult result = import_lines(read_configuration(source), "", source);
    EXPECT_TRUE(result.findings.empty()) << keepalived_conf << ": " << result.findings.front().why;
    EXPECT_EQ(result.translated_lines, result.keyword_lines);
    const toml::table imported = toml::parse(result.toml);
    const toml::table shipped = toml::parse_file(std::string(EXAMPLES_DIR) + "/" + example);
    EXPECT_EQ(meaning(imported), meaning(shipped)) << result.toml;
}

TEST(ReferenceSetups, FailoverPair) {
    expect_same_meaning("archwiki-failover-A.conf", "failover-master.toml");
    expect_same_meaning("archwiki-failover-B.conf", "failover-backup.toml");
}

TEST(ReferenceSetups, NopreemptAhTrackProcessAndAlerts) {
    expect_same_meaning("archwiki-monitoring-A.conf", "nopreempt-ah-A.toml");
    expect_same_meaning("archwiki-monitoring-B.conf", "nopreempt-ah-B.toml");
}

TEST(ReferenceSetups, LoadBalancingWithTcpChecks) {
    expect_same_meaning("archwiki-load-balancer.conf", "load-balancer.toml");
}

}  // namespace
}  // namespace routerd::import
