#include "config/diagnostics.hpp"

namespace routerd {

std::string Diagnostic::to_string() const {
    std::string out = where.file;
    if (where.line > 0) {
        out += ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
    }
    out += ": ";
    if (!key_path.empty()) out += key_path + ": ";
    return out + message;
}

void Diagnostics::add(SourcePosition where, std::string key_path, std::string message) {
    add(Diagnostic{std::move(where), std::move(key_path), std::move(message)});
}

void Diagnostics::add(Diagnostic diagnostic) {
    std::lock_guard lock(mutex_);
    // Several plugins read [global]: the same error about one of its keys is kept once.
    for (const Diagnostic& d : items_) {
        if (d.where.file == diagnostic.where.file && d.where.line == diagnostic.where.line &&
            d.where.column == diagnostic.where.column && d.key_path == diagnostic.key_path &&
            d.message == diagnostic.message)
            return;
    }
    items_.push_back(std::move(diagnostic));
}

bool Diagnostics::empty() const {
    std::lock_guard lock(mutex_);
    return items_.empty();
}

std::vector<Diagnostic> Diagnostics::all() const {
    std::lock_guard lock(mutex_);
    return items_;
}

std::string Diagnostics::to_string() const {
    std::string out;
    for (const Diagnostic& d : all())
        out += d.to_string() + "\n";
    return out;
}

}  // namespace routerd
