#include "probe_operation.hpp"

#include <boost/asio/post.hpp>

namespace routerd::checks {

ProbeOperation::ProbeOperation(boost::asio::io_context& io, sdk::ProbeDone done)
    : io_(io), deadline_(io), done_(std::move(done)) {}

ProbeOperation::~ProbeOperation() {
    done_({false, -1, "the checker stopped"});  // ignored when finish() already answered
}

void ProbeOperation::start(std::chrono::nanoseconds timeout) {
    timeout_ = timeout;
    boost::asio::post(io_, [self = shared_from_this()] {
        self->deadline_.expires_after(self->timeout_);
        self->deadline_.async_wait([op = self](boost::system::error_code ec) {
            if (ec || op->finished_) return;
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(op->timeout_);
            op->timed_out("timed out after " + std::to_string(ms.count()) + " ms " + op->phase_);
        });
        self->begin();
    });
}

void ProbeOperation::finish(bool up, std::string reason, int32_t weight) {
    if (finished_) return;
    finished_ = true;
    deadline_.cancel();
    release();
    done_({up, weight, std::move(reason)});
}

}  // namespace routerd::checks
