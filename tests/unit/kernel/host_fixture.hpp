#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "bus/event_bus.hpp"
#include "host/plugin_host.hpp"
#include "loader/plugin_registry.hpp"
#include "runtime/runtime.hpp"
#include "store/store.hpp"
#include "test_support.hpp"

namespace routerd::test {

inline std::filesystem::path test_plugin(const std::string& stem) {
    return std::filesystem::path(TEST_PLUGIN_DIR) / (stem + ".so");
}

// The host's services, real, with a store in a temporary folder.
class HostFixture : public ::testing::Test {
  protected:
    TempDir dir;
    Runtime runtime{2, 2};
    Store store{dir / "state.db"};
    EventBus bus;
    metrics::Registry metrics;
    HostServices services{runtime, bus, store, metrics};
    PluginRegistry registry{services};

    void SetUp() override { services.registry = &registry; }
};

}  // namespace routerd::test
