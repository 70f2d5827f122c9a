#include "message.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <stdexcept>

#include "mailbox.hpp"
#include "mime.hpp"

namespace routerd::smtp {
namespace {

std::string two_digits(long value) {
    std::string text = std::to_string(value);
    if (text.size() < 2) text.insert(0, 2 - text.size(), '0');
    return text;
}

std::string dot_atom_host(std::string_view host) {
    std::string out;
    std::size_t start = 0;
    while (start <= host.size()) {
        const std::size_t dot = std::min(host.find('.', start), host.size());
        std::string label(host.substr(start, dot - start));
        std::ranges::replace_if(
            label, [](char c) { return !std::isalnum(static_cast<unsigned char>(c)) && c != '-'; },
            '-');
        if (!label.empty()) {
            out += (out.empty() ? "" : ".") + label;
        }
        start = dot + 1;
    }
    return out.empty() ? "localhost" : out;
}

}  // namespace

std::string rfc5322_date(std::chrono::sys_seconds time, std::chrono::minutes utc_offset) {
    using namespace std::chrono;
    if (abs(utc_offset) >= hours(24)) {
        throw std::invalid_argument("time zone offset out of range");
    }
    static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                         "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const sys_seconds local = time + utc_offset;
    const sys_days day = floor<days>(local);
    const year_month_day date{day};
    const hh_mm_ss clock{local - day};
    const minutes offset = abs(utc_offset);
    return std::string(kDays[weekday(day).c_encoding()]) + ", " +
           std::to_string(static_cast<unsigned>(date.day())) + " " +
           kMonths[static_cast<unsigned>(date.month()) - 1] + " " +
           std::to_string(static_cast<int>(date.year())) + " " + two_digits(clock.hours().count()) +
           ":" + two_digits(clock.minutes().count()) + ":" + two_digits(clock.seconds().count()) +
           " " + (utc_offset < minutes(0) ? "-" : "+") + two_digits(offset.count() / 60) +
           two_digits(offset.count() % 60);
}

std::string make_message_id(std::chrono::sys_seconds time, std::uint64_t sequence,
                            std::uint64_t random, std::string_view host) {
    std::array<char, 64> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%lld.%llu.%016llx",
                  static_cast<long long>(time.time_since_epoch().count()),
                  static_cast<unsigned long long>(sequence),
                  static_cast<unsigned long long>(random));
    return "<routerd." + std::string(buffer.data()) + "@" + dot_atom_host(host) + ">";
}

std::string format_message(const Mail& mail) {
    if (!is_valid_mailbox(mail.from) || mail.to.empty() ||
        !std::ranges::all_of(mail.to, is_valid_mailbox)) {
        throw std::invalid_argument("From and To must be mailboxes");
    }
    if (!is_graphic_ascii(mail.message_id) || !mail.message_id.starts_with('<') ||
        !mail.message_id.ends_with('>')) {
        throw std::invalid_argument("Message-ID must be a msg-id");
    }
    std::vector<std::string> recipients = mail.to;
    for (std::size_t i = 0; i + 1 < recipients.size(); ++i) {
        recipients[i] += ',';
    }
    const auto single = [](std::string_view name, const std::string& value) {
        return header_field(name, std::span(&value, 1));
    };
    return single("Date", rfc5322_date(mail.date, mail.utc_offset)) + single("From", mail.from) +
           header_field("To", recipients) +
           header_field("Subject", unstructured_words(mail.subject)) +
           single("Message-ID", mail.message_id) + single("MIME-Version", "1.0") +
           header_field("Content-Type", std::vector<std::string>{"text/plain;", "charset=utf-8"}) +
           single("Content-Transfer-Encoding", "quoted-printable") +
           // RFC 3834 §5: no vacation responder should answer an alert.
           single("Auto-Submitted", "auto-generated") + "\r\n" + quoted_printable_encode(mail.body);
}

}  // namespace routerd::smtp
