#include "config/config_view.hpp"

#include <routerd/sdk/config.hpp>

#include <variant>

#include "config/duration.hpp"

namespace routerd {

ConfigView ConfigView::operator[](std::string_view key) const {
    return ConfigView(node_->document().get(*node_, key));
}

std::vector<std::pair<std::string, ConfigView>> ConfigView::entries() const {
    std::vector<std::pair<std::string, ConfigView>> out;
    if (type() != ROUTERD_CONFIG_TABLE) {
        if (present()) error("expected a table");
        return out;
    }
    ConfigDocument& document = node_->document();
    for (size_t i = 0, n = document.count(*node_); i < n; ++i) {
        std::string_view key;
        const ConfigNode* child = document.at(*node_, i, &key);
        out.emplace_back(std::string(key), ConfigView(*child));
    }
    return out;
}

const toml::node* ConfigView::typed(routerd_config_type_t expected) const {
    const routerd_config_type_t found = type();
    if (found == expected) return node_->value();
    if (found != ROUTERD_CONFIG_NONE) error(type_mismatch(expected, found));
    return nullptr;
}

std::optional<std::string_view> ConfigView::string() const {
    const toml::node* value = typed(ROUTERD_CONFIG_STRING);
    if (value == nullptr) return std::nullopt;
    return std::string_view(value->as_string()->get());
}

std::optional<int64_t> ConfigView::integer() const {
    const toml::node* value = typed(ROUTERD_CONFIG_INTEGER);
    if (value == nullptr) return std::nullopt;
    return value->as_integer()->get();
}

std::optional<int64_t> ConfigView::integer(int64_t min, int64_t max) const {
    const std::optional<int64_t> value = integer();
    if (!value) return std::nullopt;
    if (std::optional<std::string> message = sdk::out_of_range(*value, min, max)) {
        error(std::move(*message));
        return std::nullopt;
    }
    return value;
}

std::optional<double> ConfigView::number() const {
    if (type() == ROUTERD_CONFIG_INTEGER)
        return static_cast<double>(node_->value()->as_integer()->get());
    const toml::node* value = typed(ROUTERD_CONFIG_FLOAT);
    if (value == nullptr) return std::nullopt;
    return value->as_floating_point()->get();
}

std::optional<bool> ConfigView::boolean() const {
    const toml::node* value = typed(ROUTERD_CONFIG_BOOLEAN);
    if (value == nullptr) return std::nullopt;
    return value->as_boolean()->get();
}

std::optional<std::chrono::nanoseconds> ConfigView::duration() const {
    const std::optional<std::string_view> text = string();
    if (!text) return std::nullopt;
    auto parsed = parse_duration(*text);
    if (auto* message = std::get_if<std::string>(&parsed)) {
        error(std::move(*message));
        return std::nullopt;
    }
    return std::get<std::chrono::nanoseconds>(parsed);
}

void ConfigView::error(std::string message) const {
    node_->document().error(*node_, std::move(message));
}

}  // namespace routerd
