#pragma once

#include <sys/socket.h>
#include <sys/un.h>

#include <optional>
#include <string>
#include <string_view>

namespace routerd {

// systemd's notification protocol (sd_notify(3), "Notes"), spoken by routerd itself rather than
// through libsystemd, which would map libgcrypt, libgpg-error, liblzma, libzstd and liblz4
// (about 1 MB resident) for one datagram: a state is one datagram of newline-separated
// VARIABLE=VALUE assignments, sent to the AF_UNIX datagram socket $NOTIFY_SOCKET names.

// Where notifications go: the socket address and its length for sendto(2).
struct NotifyAddress {
    sockaddr_un address{};
    socklen_t length = 0;
};

// The address $NOTIFY_SOCKET's value names: an absolute path, or an abstract socket when it
// starts with '@' (the '@' stands for the leading NUL). Nothing when the variable is unset,
// empty, relative or too long for sun_path (sd_notify refuses those the same way).
std::optional<NotifyAddress> notify_address(const char* notify_socket);

// Sends STATE to ADDRESS as one datagram. False (errno set) if it could not be sent.
bool send_notification(const NotifyAddress& address, std::string_view state);

// Tells systemd about routerd's state (READY=1, RELOADING=1, STOPPING=1, STATUS=...) when
// it runs under systemd with Type=notify; does nothing otherwise.
void sd_notify_state(const std::string& state);

}  // namespace routerd
