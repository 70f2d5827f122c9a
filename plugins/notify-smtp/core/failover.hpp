// Several relays are tried in order for one message (like keepalived's single smtp_server,
// but with fallbacks): the first that takes the message ends the attempt.
#pragma once

#include <span>

#include "dialogue.hpp"

namespace routerd::smtp {

// The result of one attempt over every relay, given each relay's result in order:
// delivered if any relay took it; otherwise a transient failure if any relay might take
// it later (so the alert is retried); a permanent failure only when every relay refused
// it for good. No relay at all is a permanent failure: there is nobody to retry with.
Result combine_results(std::span<const Result> per_server);

}  // namespace routerd::smtp
