// in_net_namespace (net_namespace_ipvs): the call runs in the namespace of the file, on a thread
// of its own, and the caller stays where it was; what cannot be entered says why.
#include "routerd/ipvs/kernel/net_namespace.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>

namespace routerd::ipvs::netlink {
namespace {

ino_t namespace_of_this_thread() {
    struct stat st {};
    EXPECT_EQ(::stat("/proc/thread-self/ns/net", &st), 0);
    return st.st_ino;
}

// A new network namespace, held by a descriptor: "/proc/self/fd/N" names it; -1 without the
// privilege to make one.
int new_namespace() {
    int fd = -1;
    std::thread([&] {
        if (::unshare(CLONE_NEWNET) == 0)
            fd = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    }).join();
    return fd;
}

TEST(NetNamespace, RunsTheCallInTheNamespaceAndLeavesTheCallerHome) {
    const int fd = new_namespace();
    if (fd < 0) GTEST_SKIP() << "making a network namespace takes CAP_SYS_ADMIN";
    struct stat target {};
    ASSERT_EQ(::fstat(fd, &target), 0);
    const ino_t home = namespace_of_this_thread();
    ASSERT_NE(target.st_ino, home);
    ino_t inside = 0;
    in_net_namespace("/proc/self/fd/" + std::to_string(fd),
                     [&] { inside = namespace_of_this_thread(); });
    EXPECT_EQ(inside, target.st_ino);
    EXPECT_EQ(namespace_of_this_thread(), home);
    ::close(fd);
}

TEST(NetNamespace, SaysWhatCannotBeEntered) {
    bool ran = false;
    try {
        in_net_namespace("/nonexistent/ns", [&] { ran = true; });
        ADD_FAILURE() << "no exception";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(),
                     "net_namespace: cannot open /nonexistent/ns: No such file or directory");
    }
    try {
        in_net_namespace("/dev/null", [&] { ran = true; });
        ADD_FAILURE() << "no exception";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()).rfind("net_namespace: cannot enter /dev/null: ", 0), 0u)
            << e.what();
    }
    EXPECT_FALSE(ran);
}

TEST(NetNamespace, RethrowsWhatTheCallThrows) {
    const int fd = new_namespace();
    if (fd < 0) GTEST_SKIP() << "making a network namespace takes CAP_SYS_ADMIN";
    EXPECT_THROW(in_net_namespace("/proc/self/fd/" + std::to_string(fd),
                                  [] { throw std::logic_error("made"); }),
                 std::logic_error);
    ::close(fd);
}

}  // namespace
}  // namespace routerd::ipvs::netlink
