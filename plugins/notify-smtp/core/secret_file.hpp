// The file that holds the SMTP password (smtp_password_file): like ssh's private keys, one
// that its owner's group or anyone else can read (or write) is refused, with the reason.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace routerd::smtp {

// Pure. Why a secret file of this st_mode is refused ("is readable by its group (mode 0640):
// chmod 600 it"), or nullopt for a regular file only its owner can read or write.
std::optional<std::string> secret_file_refusal(mode_t mode);

}  // namespace routerd::smtp
