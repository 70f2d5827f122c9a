#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace routerd {

// Edit distance between two words (insertions, deletions, substitutions).
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, when it is close enough to be a likely typo.
std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string>& candidates);

}  // namespace routerd
