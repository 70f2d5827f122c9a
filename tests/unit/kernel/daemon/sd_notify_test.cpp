// systemd's notification protocol as routerd speaks it without libsystemd: the address
// $NOTIFY_SOCKET names, and each state arriving whole as one datagram on a real socket.
#include "daemon/sd_notify.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace routerd {
namespace {

// A datagram socket bound where systemd's would be; receives what routerd sends.
class Listener {
  public:
    explicit Listener(const NotifyAddress& at) : fd_(::socket(AF_UNIX, SOCK_DGRAM, 0)) {
        EXPECT_GE(fd_, 0);
        EXPECT_EQ(::bind(fd_, reinterpret_cast<const sockaddr*>(&at.address), at.length), 0)
            << std::strerror(errno);
    }
    ~Listener() { ::close(fd_); }
    std::string receive() {
        char buffer[512];
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
        return n < 0 ? std::string("(nothing)") : std::string(buffer, static_cast<size_t>(n));
    }

  private:
    int fd_;
};

std::string socket_path() {
    return (std::filesystem::temp_directory_path() /
            ("routerd-notify-" + std::to_string(::getpid()) + ".sock"))
        .string();
}

TEST(NotifyAddress, APathIsAFilesystemSocketWithItsNul) {
    const auto to = notify_address("/run/systemd/notify");
    ASSERT_TRUE(to);
    EXPECT_EQ(to->address.sun_family, AF_UNIX);
    EXPECT_STREQ(to->address.sun_path, "/run/systemd/notify");
    EXPECT_EQ(to->length, offsetof(sockaddr_un, sun_path) + sizeof("/run/systemd/notify"));
}

TEST(NotifyAddress, AnAtIsTheAbstractNamespacesLeadingNul) {
    const auto to = notify_address("@routerd/notify");
    ASSERT_TRUE(to);
    EXPECT_EQ(to->address.sun_path[0], '\0');
    EXPECT_EQ(std::string(to->address.sun_path + 1, 14), "routerd/notify");
    EXPECT_EQ(to->length, offsetof(sockaddr_un, sun_path) + 15);  // no terminating NUL
}

TEST(NotifyAddress, NothingWhenUnsetEmptyRelativeOrTooLong) {
    EXPECT_FALSE(notify_address(nullptr));
    EXPECT_FALSE(notify_address(""));
    EXPECT_FALSE(notify_address("run/systemd/notify"));
    const std::string longest_path = "/" + std::string(sizeof(sockaddr_un::sun_path) - 2, 'x');
    EXPECT_TRUE(notify_address(longest_path.c_str()));
    EXPECT_FALSE(notify_address((longest_path + "x").c_str()));
    const std::string longest_abstract = "@" + std::string(sizeof(sockaddr_un::sun_path) - 1, 'x');
    EXPECT_TRUE(notify_address(longest_abstract.c_str()));
    EXPECT_FALSE(notify_address((longest_abstract + "x").c_str()));
}

TEST(SendNotification, EachStateArrivesAsOneDatagram) {
    const std::string path = socket_path();
    std::filesystem::remove(path);
    const auto to = notify_address(path.c_str());
    ASSERT_TRUE(to);
    Listener systemd(*to);
    EXPECT_TRUE(send_notification(*to, "READY=1\nSTATUS=running"));
    EXPECT_TRUE(send_notification(*to, "WATCHDOG=1"));
    EXPECT_EQ(systemd.receive(), "READY=1\nSTATUS=running");
    EXPECT_EQ(systemd.receive(), "WATCHDOG=1");
    std::filesystem::remove(path);
}

TEST(SendNotification, ReachesAnAbstractSocket) {
    const std::string name = "@routerd-notify-test-" + std::to_string(::getpid());
    const auto to = notify_address(name.c_str());
    ASSERT_TRUE(to);
    Listener systemd(*to);
    EXPECT_TRUE(send_notification(*to, "STOPPING=1"));
    EXPECT_EQ(systemd.receive(), "STOPPING=1");
}

TEST(SendNotification, FalseWhenNobodyListens) {
    const std::string path = socket_path();
    std::filesystem::remove(path);
    EXPECT_FALSE(send_notification(*notify_address(path.c_str()), "READY=1"));
}

TEST(SdNotifyState, SendsToNotifySocketFromTheEnvironment) {
    const std::string path = socket_path();
    std::filesystem::remove(path);
    Listener systemd(*notify_address(path.c_str()));
    ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
    sd_notify_state("RELOADING=1");
    ::unsetenv("NOTIFY_SOCKET");
    sd_notify_state("READY=1");  // unset: nothing sent, no error
    EXPECT_EQ(systemd.receive(), "RELOADING=1");
    EXPECT_EQ(systemd.receive(), "(nothing)");
    std::filesystem::remove(path);
}

}  // namespace
}  // namespace routerd
