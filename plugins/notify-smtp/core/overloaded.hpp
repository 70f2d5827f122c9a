// The usual visitor helper: one lambda per alternative of a std::variant.
#pragma once

namespace routerd::smtp {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;  // for compilers without aggregate CTAD (clang 14)

}  // namespace routerd::smtp
