// Checker keys read through the host's own configuration document: the socket target and
// source binding (fwmark), HTTP_GET's http_protocol and url regex keys, SSL_GET's client
// certificate and tls_compliant. Mistakes carry file:line:col and the key path, as
// --config-test prints them.
#include <net/if.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include <gtest/gtest.h>

#include "config/document.hpp"
#include "host/plugin_host.hpp"
#include "http_config.hpp"
#include "socket_target.hpp"
#include "source_binding.hpp"

using namespace routerd::checks;
using routerd::ConfigDocument;

namespace {

// A host table without a plugin behind it: what the readers need of it is the configuration.
const routerd::sdk::Host kHost(nullptr, &routerd::host_api());

// Runs `read` on [checks.c] of `toml`; the diagnostics it left.
template <class Read>
std::vector<std::string> errors_of(const std::string& toml, Read read) {
    const auto document = ConfigDocument::parse(toml, "routerd.toml");
    const routerd::sdk::Config root(nullptr, &routerd::host_api(), document->root().as_c());
    CheckKeys keys(root["checks"]["c"]);
    read(keys);
    std::vector<std::string> out;
    for (const auto& d : document->diagnostics().all())
        out.push_back(d.to_string());
    EXPECT_EQ(keys.valid(), out.empty()) << "an error was reported but not counted";
    return out;
}

std::optional<SocketTarget> socket_target(const std::string& toml,
                                          std::vector<std::string>* errors) {
    std::optional<SocketTarget> out;
    *errors = errors_of(toml, [&](CheckKeys& keys) {
        out = read_socket_target(kHost, keys, "192.0.2.1:80", true);
    });
    return out;
}

std::vector<std::string> url_errors(const std::string& toml,
                                    std::optional<http::UrlCheck>* url = nullptr) {
    return errors_of(toml, [&](CheckKeys& keys) {
        std::optional<http::UrlCheck> read = http::read_url(keys["url"]);
        if (!read) keys.invalid();
        if (url != nullptr) *url = std::move(read);
    });
}

}  // namespace

TEST(SocketTargetKeys, ReadsTargetAndBindingWithFwmark) {
    std::vector<std::string> errors;
    const auto target = socket_target(
        "[checks.c]\nbindto = \"127.0.0.2\"\nbind_port = 4000\nfwmark = 4294967295\n"
        "bind_if = \"lo\"\n",
        &errors);
    ASSERT_TRUE(target) << testing::PrintToString(errors);
    EXPECT_EQ(target->endpoint.address.to_string(), "192.0.2.1");
    EXPECT_EQ(target->endpoint.port, 80);
    EXPECT_EQ(target->binding.address->to_string(), "127.0.0.2");
    EXPECT_EQ(target->binding.port, 4000);
    EXPECT_EQ(target->binding.mark, 4294967295u);
    EXPECT_EQ(target->binding.interface, "lo");
    ASSERT_TRUE(socket_target("[checks.c]\n", &errors));
    EXPECT_EQ(errors, std::vector<std::string>{});
}

TEST(SocketTargetKeys, EveryBindingMistakeIsReported) {
    std::vector<std::string> errors;
    EXPECT_FALSE(socket_target(
        "[checks.c]\nbindto = \"nowhere\"\nfwmark = -1\nbind_if = \"a-name-of-16-char\"\n",
        &errors));
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "routerd.toml:2:10: checks.c.bindto: 'nowhere' is not an IP address",
                          "routerd.toml:4:11: checks.c.bind_if: 'a-name-of-16-char' is not an "
                          "interface name",
                          "routerd.toml:3:10: checks.c.fwmark: -1 is out of range 0..4294967295"}));
    EXPECT_FALSE(socket_target("[checks.c]\nfwmark = \"0x10\"\n", &errors));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].rfind("routerd.toml:2:10: checks.c.fwmark: expected an integer", 0), 0u)
        << errors[0];
}

TEST(SocketTargetKeys, ABadTargetIsReportedWithTheBinding) {
    const auto document =
        ConfigDocument::parse("[checks.c]\ntarget = \"x\"\nfwmark = 4294967296\n", "routerd.toml");
    const routerd::sdk::Config root(nullptr, &routerd::host_api(), document->root().as_c());
    CheckKeys keys(root["checks"]["c"]);
    EXPECT_FALSE(read_socket_target(kHost, keys, "x", true));
    EXPECT_FALSE(keys.valid());
    std::vector<std::string> errors;
    for (const auto& d : document->diagnostics().all())
        errors.push_back(d.to_string());
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "routerd.toml:2:10: checks.c.target: 'x' is not \"ip:port\" or "
                          "\"[ipv6]:port\"",
                          "routerd.toml:3:10: checks.c.fwmark: 4294967296 is out of range "
                          "0..4294967295"}));
}

// bind_if (keepalived.conf(5): "bind_if <IFNAME>") binds the check's socket to the interface.
TEST(SourceBinding, BindIfBindsTheSocketToTheInterface) {
    SourceBinding binding;
    binding.interface = "lo";
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    const boost::system::error_code ec = binding.apply(fd, AF_INET);
    if (ec == boost::system::errc::operation_not_permitted) {
        ::close(fd);
        GTEST_SKIP() << "SO_BINDTODEVICE needs CAP_NET_RAW";
    }
    ASSERT_FALSE(ec) << ec.message();
    char name[IFNAMSIZ] = {};
    socklen_t length = sizeof name;
    ASSERT_EQ(::getsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name, &length), 0);
    EXPECT_STREQ(name, "lo");
    binding.interface = "nosuch-if0";  // gone (or never there): the check fails visibly
    EXPECT_EQ(binding.apply(fd, AF_INET), boost::system::errc::no_such_device);
    ::close(fd);
}

// A real server without a port gives its checks the address alone.
TEST(SocketTargetKeys, AnAddressWithoutAPortAsksForConnectPort) {
    const auto document = ConfigDocument::parse("[checks.c]\ntarget = \"x\"\n", "routerd.toml");
    const routerd::sdk::Config root(nullptr, &routerd::host_api(), document->root().as_c());
    CheckKeys keys(root["checks"]["c"]);
    EXPECT_FALSE(read_socket_target(kHost, keys, "192.0.2.1", true));
    ASSERT_EQ(document->diagnostics().all().size(), 1u);
    EXPECT_EQ(document->diagnostics().all()[0].to_string(),
              "routerd.toml:2:10: checks.c.target: '192.0.2.1' has no port to check: set "
              "connect_port");
}

TEST(HttpKeys, HttpProtocol) {
    http::HttpProtocol protocol{};
    EXPECT_EQ(errors_of("[checks.c]\nhttp_protocol = \"1.0C\"\n",
                        [&](CheckKeys& keys) { protocol = http::read_http_protocol(keys); }),
              std::vector<std::string>{});
    EXPECT_EQ(protocol, http::HttpProtocol::k10Close);
    errors_of("[checks.c]\n", [&](CheckKeys& keys) { protocol = http::read_http_protocol(keys); });
    EXPECT_EQ(protocol, http::HttpProtocol::k11);
    EXPECT_EQ(errors_of("[checks.c]\nhttp_protocol = \"2.0\"\n",
                        [](CheckKeys& keys) { http::read_http_protocol(keys); }),
              std::vector<std::string>{
                  "routerd.toml:2:17: checks.c.http_protocol: '2.0' is not one of 1.0, 1.0C, 1.1"});
}

TEST(HttpKeys, UrlRegex) {
    std::optional<http::UrlCheck> url;
    EXPECT_EQ(url_errors("[checks.c.url]\nregex = 'status: (OK|UP)'\nregex_no_match = true\n"
                         "regex_options = 'caseless multiline'\nregex_min_offset = 2\n"
                         "regex_max_offset = 9\n",
                         &url),
              std::vector<std::string>{});
    ASSERT_TRUE(url && url->regex);
    EXPECT_TRUE(url->regex->no_match);
    EXPECT_EQ(url->regex->min_offset, 2u);
    EXPECT_EQ(url->regex->max_offset, 9u);
    EXPECT_EQ(url->regex->regex.find("..\nstatus: up"), 3u);  // caseless
    EXPECT_EQ(url_errors("[checks.c.url]\nregex = '^x'\nregex_options = ['multiline']\n", &url),
              std::vector<std::string>{});
    EXPECT_EQ(url->regex->regex.find("a\nx"), 2u);
    EXPECT_FALSE(url->regex->no_match);
    EXPECT_FALSE(url->regex->max_offset);
}

TEST(HttpKeys, UrlRegexMistakes) {
    EXPECT_EQ(url_errors("[checks.c.url]\nregex = '(a'\n").size(), 1u);
    EXPECT_EQ(url_errors("[checks.c.url]\nregex = '(a'\n")[0].rfind(
                  "routerd.toml:2:9: checks.c.url.regex: '(a' is not a regular expression", 0),
              0u);
    EXPECT_EQ(url_errors("[checks.c.url]\nregex = '(a)\\1'\n"),
              std::vector<std::string>{"routerd.toml:2:9: checks.c.url.regex: '(a)\\1' uses "
                                       "back-references, which routerd does not match"});
    EXPECT_EQ(url_errors("[checks.c.url]\nregex_no_match = true\nregex_max_offset = 3\n"),
              (std::vector<std::string>{
                  "routerd.toml:2:18: checks.c.url.regex_no_match: has no effect without regex",
                  "routerd.toml:3:20: checks.c.url.regex_max_offset: has no effect without "
                  "regex"}));
    EXPECT_EQ(
        url_errors("[checks.c.url]\nregex = 'a'\nregex_min_offset = 5\nregex_max_offset = 4\n"),
        std::vector<std::string>{"routerd.toml:3:20: checks.c.url.regex_min_offset: 5 is "
                                 "beyond regex_max_offset 4"});
    EXPECT_EQ(url_errors("[checks.c.url]\nregex = 'a'\nregex_options = 'caseless dotall'\n"),
              std::vector<std::string>{
                  "routerd.toml:3:17: checks.c.url.regex_options: 'dotall' is not one of "
                  "caseless, multiline (the other PCRE2 options have no equivalent in routerd's "
                  "ECMAScript regex)"});
    EXPECT_EQ(url_errors("[checks.c.url]\nregex = 'a'\nregex_min_offset = -1\n"),
              std::vector<std::string>{"routerd.toml:3:20: checks.c.url.regex_min_offset: -1 is "
                                       "out of range 0..2147483647"});
}

TEST(SslKeys, TlsCompliant) {
    http::TlsOptions options;
    auto read = [&](const std::string& toml) {
        return errors_of(toml, [&](CheckKeys& keys) { options = http::read_tls_options(keys); });
    };
    EXPECT_EQ(read("[checks.c]\n"), std::vector<std::string>{});
    EXPECT_FALSE(options.compliant);  // Keepalived's default: no close_notify
    EXPECT_EQ(read("[checks.c]\ntls_compliant = true\nenable_sni = true\n"),
              std::vector<std::string>{});
    EXPECT_TRUE(options.compliant);
    EXPECT_TRUE(options.sni);
    EXPECT_FALSE(options.verify);
    ASSERT_NE(options.context, nullptr);
    EXPECT_EQ(read("[checks.c]\ntls_compliant = 'yes'\n"),
              std::vector<std::string>{
                  "routerd.toml:2:17: checks.c.tls_compliant: expected a boolean, found a string"});
}

TEST(SslKeys, ClientCertificateMistakes) {
    auto tls_errors = [](const std::string& toml) {
        return errors_of(toml, [](CheckKeys& keys) { http::make_tls_context(keys, false); });
    };
    EXPECT_EQ(tls_errors("[checks.c]\nkey = '/k.pem'\nkey_password = 'x'\n"),
              (std::vector<std::string>{
                  "routerd.toml:2:7: checks.c.key: has no effect without certificate",
                  "routerd.toml:3:16: checks.c.key_password: has no effect without certificate"}));
    const std::vector<std::string> missing =
        tls_errors("[checks.c]\ncertificate = '/nonexistent/client.pem'\n");
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_EQ(missing[0].rfind("routerd.toml:2:15: checks.c.certificate: cannot load "
                               "'/nonexistent/client.pem': ",
                               0),
              0u)
        << missing[0];
}

namespace {

// A self-signed certificate and keys in a temporary folder, made with OpenSSL's API.
class ClientCertificateFiles : public testing::Test {
  protected:
    void SetUp() override {
        char pattern[] = "/tmp/routerd-checks-keys-XXXXXX";
        ASSERT_NE(mkdtemp(pattern), nullptr);
        dir_ = pattern;
        EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        EVP_PKEY* other = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        X509* cert = X509_new();
        ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
        X509_gmtime_adj(X509_getm_notBefore(cert), 0);
        X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
        X509_set_pubkey(cert, key);
        X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("routerd-check"), -1, -1,
                                   0);
        X509_set_issuer_name(cert, X509_get_subject_name(cert));
        X509_sign(cert, key, EVP_sha256());
        write("client.pem", [&](FILE* f) { return PEM_write_X509(f, cert); });
        write("client.key", [&](FILE* f) {
            return PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
        });
        write("encrypted.key", [&](FILE* f) {
            return PEM_write_PrivateKey(f, key, EVP_aes_128_cbc(), nullptr, 0, nullptr,
                                        const_cast<char*>("secret"));
        });
        write("other.key", [&](FILE* f) {
            return PEM_write_PrivateKey(f, other, nullptr, nullptr, 0, nullptr, nullptr);
        });
        X509_free(cert);
        EVP_PKEY_free(other);
        EVP_PKEY_free(key);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    std::vector<std::string> tls_errors(const std::string& keys) const {
        return errors_of("[checks.c]\ncertificate = '" + path("client.pem") + "'\n" + keys,
                         [](CheckKeys& k) { http::make_tls_context(k, false); });
    }

  private:
    template <class Write>
    void write(const std::string& name, Write pem) {
        FILE* f = std::fopen(path(name).c_str(), "w");
        ASSERT_NE(f, nullptr);
        EXPECT_EQ(pem(f), 1);
        std::fclose(f);
    }

    std::filesystem::path dir_;
};

}  // namespace

TEST_F(ClientCertificateFiles, LoadsTheCertificateAndItsKey) {
    EXPECT_EQ(tls_errors("key = '" + path("client.key") + "'\n"), std::vector<std::string>{});
    EXPECT_EQ(tls_errors("key = '" + path("encrypted.key") + "'\nkey_password = 'secret'\n"),
              std::vector<std::string>{});
}

TEST_F(ClientCertificateFiles, RefusesKeysThatDoNotFit) {
    // Without key, the certificate's own file must hold the key: this one does not.
    std::vector<std::string> errors = tls_errors("");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].rfind("routerd.toml:2:15: checks.c.certificate: cannot load a private "
                              "key from '" +
                                  path("client.pem") + "'",
                              0),
              0u)
        << errors[0];
    EXPECT_EQ(tls_errors("key = '" + path("other.key") + "'\n"),
              std::vector<std::string>{"routerd.toml:3:7: checks.c.key: cannot load a private key "
                                       "from '" +
                                       path("other.key") + "': key values mismatch"});
    // An encrypted key fails without its password, and never waits for a terminal.
    for (const std::string password : {"", "key_password = 'wrong'\n"}) {
        errors = tls_errors("key = '" + path("encrypted.key") + "'\n" + password);
        ASSERT_EQ(errors.size(), 1u);
        EXPECT_EQ(errors[0].rfind("routerd.toml:3:7: checks.c.key: cannot load a private key", 0),
                  0u)
            << errors[0];
    }
}
