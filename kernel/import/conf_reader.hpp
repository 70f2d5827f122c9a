#pragma once

#include <filesystem>
#include <vector>

#include "source.hpp"

namespace routerd::import {

// Reads a keepalived.conf and every file it includes into lines, as Keepalived's reader does
// before anything else (keepalived.conf(5), DESCRIPTION): a comment starts at the first '#' or
// '!' outside quotes; a line that ends in '\' continues on the next (multi-line definitions:
// the lines are joined with '\n'); `include` and its variants (includer, includem, includew,
// includeb, includea) are replaced by the files their glob matches, a relative pattern being
// relative to the including file's folder. Blank lines are dropped.
//
// Throws SyntaxError for an unreadable file, a pattern without wildcards that names no file,
// an include loop, and a merge-conflict marker left in a file.
std::vector<SourceLine> read_configuration(const std::filesystem::path& file);

// The same for text already in memory (the fuzz target and tests), named `name`; includes in
// it are resolved against the current folder.
std::vector<SourceLine> read_configuration_text(const std::string& text, const std::string& name);

}  // namespace routerd::import
