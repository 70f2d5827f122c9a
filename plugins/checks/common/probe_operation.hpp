#pragma once

#include <routerd/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>

namespace routerd::checks {

// One attempt of a probe on a checker's IoThread: owns the deadline the host gave and
// answers the host exactly once — with finish(), with a timeout naming the phase it was
// in, or, if the loop stops first, from the destructor.
class ProbeOperation : public std::enable_shared_from_this<ProbeOperation> {
  public:
    ProbeOperation(boost::asio::io_context& io, sdk::ProbeDone done);
    virtual ~ProbeOperation();
    ProbeOperation(const ProbeOperation&) = delete;
    ProbeOperation& operator=(const ProbeOperation&) = delete;

    // Any thread: hands the operation to its loop, which sets the deadline and calls begin().
    void start(std::chrono::nanoseconds timeout);

  protected:
    virtual void begin() = 0;
    // Called once when the attempt ends (finished or timed out): close sockets, kill
    // children, so that pending handlers complete with operation_aborted.
    virtual void release() = 0;

    // The deadline passed ("timed out after N ms <phase>"): a failure, unless a checker for
    // which silence is success (udp without require_reply) says otherwise.
    virtual void timed_out(std::string message) { finish(false, std::move(message)); }

    void finish(bool up, std::string reason, int32_t weight = -1);
    // Fails the attempt with "<call>: <error>", as a local error when it is one of routerd's
    // own (is_local_error): then the host keeps the check's state.
    void fail(std::string_view call, const boost::system::error_code& ec);
    bool finished() const { return finished_; }
    // What the attempt is doing, for the timeout's reason ("connecting", "waiting for the
    // response to " + "/health"). Both texts must outlive the attempt (literals, or the
    // probe's settings): they are joined only should it time out.
    void phase(std::string_view what, std::string_view subject = {}) {
        phase_ = what;
        phase_subject_ = subject;
    }
    boost::asio::io_context& io() { return io_; }
    template <class T>
    std::shared_ptr<T> self() {
        return std::static_pointer_cast<T>(shared_from_this());
    }

  private:
    friend class LoopOperations;
    void on_deadline();
    void answer(sdk::ProbeResult result);

    boost::asio::io_context& io_;
    sdk::ProbeDone done_;
    std::chrono::nanoseconds timeout_{0};
    uint64_t deadline_ = 0;  // its key in the loop's LoopOperations
    std::string_view phase_ = "starting";
    std::string_view phase_subject_;
    bool finished_ = false;
};

}  // namespace routerd::checks
