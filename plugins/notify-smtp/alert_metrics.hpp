// The SMTP notifier's metrics: its durable queue's length and what became of the alerts.
#pragma once

#include <routerd/plugin.hpp>

#include <cstddef>

namespace routerd::smtp {

struct AlertMetrics {
    explicit AlertMetrics(const sdk::Host& host)
        : queued(host.gauge({"routerd_alerts_queued",
                             "Alerts waiting in the durable queue (coalescing, or retried while "
                             "the relays are away)."})
                     .series({})),
          enqueued(host.counter({"routerd_alerts_enqueued_total", "Alerts queued for sending."})
                       .series({})),
          sent(host.counter({"routerd_alerts_sent_total", "Alerts a relay accepted."}).series({})),
          retried(host.counter({"routerd_alerts_retries_total",
                                "Alerts whose sending failed for now and was scheduled again."})
                      .series({})),
          failed(host.counter({"routerd_alerts_failed_total",
                               "Alerts the relays refused for good (kept in `routerctl "
                               "notify-smtp`)."})
                     .series({})) {}

    sdk::Metric queued, enqueued, sent, retried, failed;
};

}  // namespace routerd::smtp
