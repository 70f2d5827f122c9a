// routerd plugin SDK — header-only C++ wrapper over the C ABI in plugin.h.
//
// A plugin is an ordinary C++ class deriving from one of Service, Checker, Scheduler,
// Notifier or Forwarder, registered in the entry function:
//
//   ROUTERD_PLUGIN(registrar) { registrar.add<MyChecker>("my-check", "1.0.0"); }
//
// It reaches every host service through its Host (host()), never through the raw C table.
// Exceptions never cross the ABI: every trampoline catches them and turns them into a status
// code plus the exception's message (set_error), which the host logs with the plugin's name.
// These headers use only the C++ standard library (C++17).
//
// This header gathers the SDK's parts, one job each:
//   sdk/abi.hpp           strings and size-prefixed structs at the C ABI
//   sdk/events.hpp        bus events
//   sdk/config.hpp        the configuration tree, the [global] table
//   sdk/host.hpp          the host's services
//   sdk/plugin_kinds.hpp  the plugin classes
//   sdk/providers.hpp     forwarders and schedulers found by name (Host::find)
//   sdk/entry.hpp         the tables the host calls, registration, ROUTERD_PLUGIN
#ifndef ROUTERD_PLUGIN_HPP
#define ROUTERD_PLUGIN_HPP

#include <routerd/plugin.h>

#include <routerd/sdk/abi.hpp>
#include <routerd/sdk/config.hpp>
#include <routerd/sdk/entry.hpp>
#include <routerd/sdk/events.hpp>
#include <routerd/sdk/host.hpp>
#include <routerd/sdk/plugin_kinds.hpp>
#include <routerd/sdk/providers.hpp>

#endif  // ROUTERD_PLUGIN_HPP
