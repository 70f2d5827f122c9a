#pragma once

#include <cerrno>

#include <boost/system/error_code.hpp>

namespace routerd::checks {

// An error of routerd's own, not of the target: the process or the system is out of file
// descriptors (EMFILE, ENFILE). Such an attempt says nothing about the real server, so it is
// answered as a local error and the host leaves the check's state as it was.
inline bool is_local_error(int error) {
    return error == EMFILE || error == ENFILE;
}

inline bool is_local_error(const boost::system::error_code& ec) {
    return ec.category() == boost::system::system_category() && is_local_error(ec.value());
}

}  // namespace routerd::checks
