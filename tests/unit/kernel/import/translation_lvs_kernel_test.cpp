// keepalived.conf(5)'s keywords about the kernel's IPVS and the TLS of SSL_GET that routerd's
// ipvs and ssl plugins take: tls_compliant, persistence_engine, net_namespace_ipvs (global_defs
// and the top level).
#include <gtest/gtest.h>

#include <toml++/toml.h>

#include "import_test_support.hpp"

namespace routerd::import {
namespace {

using test::findings_text;

toml::node_view<const toml::node> real_server_check(const toml::table& t, const char* rs) {
    return t["ipvs"]["virtual_server"]["10.0.0.1:443"]["real_server"][rs]["check"];
}

TEST(TranslationLvsKernel, TlsCompliantEndsEachSslGetSession) {
    const auto result = test::import_text(R"(
virtual_server 10.0.0.1 443 {
    real_server 10.0.1.1 443 {
        SSL_GET {
            url { path / }
            tls_compliant
        }
    }
    real_server 10.0.1.2 443 {
        SSL_GET {
            url { path / }
            tls_compliant off
        }
    }
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = toml::parse(result.toml);
    EXPECT_TRUE(real_server_check(t, "10.0.1.1:443")["tls_compliant"].value_or(false));
    EXPECT_FALSE(real_server_check(t, "10.0.1.2:443")["tls_compliant"].value_or(true));
}

// Plain HTTP has no TLS session: the keyword is reported and left out, not handed to the http
// check (which would refuse an unknown key).
TEST(TranslationLvsKernel, TlsCompliantInHttpGetIsLeftOut) {
    const auto result = test::import_text(R"(
virtual_server 10.0.0.1 443 {
    real_server 10.0.1.1 443 {
        HTTP_GET {
            url { path / }
            tls_compliant
        }
    }
}
)");
    ASSERT_EQ(result.findings.size(), 1u);
    EXPECT_EQ(result.findings[0].keyword, "tls_compliant");
    EXPECT_EQ(result.findings[0].at.file_line(), "test.conf:6");
    const toml::table t = toml::parse(result.toml);
    EXPECT_FALSE(real_server_check(t, "10.0.1.1:443")["tls_compliant"]);
}

TEST(TranslationLvsKernel, PersistenceEngine) {
    const auto result = test::import_text(R"(
virtual_server 10.0.0.1 5060 {
    protocol UDP
    persistence_timeout 60
    persistence_engine sip
    real_server 10.0.1.1 5060 {
    }
}
)");
    EXPECT_EQ(findings_text(result), "");
    const toml::table t = toml::parse(result.toml);
    const auto vs = t["ipvs"]["virtual_server"]["10.0.0.1:5060"];
    EXPECT_EQ(vs["persistence_engine"].value_or(""), std::string("sip"));
    EXPECT_EQ(vs["persistence_timeout"].value_or(""), std::string("60s"));
}

// net_namespace_ipvs NAME, in global_defs or ahead of any block; without a NAME, the
// system's namespace (keepalived.conf(5): "the default namespace").
TEST(TranslationLvsKernel, NetNamespaceIpvs) {
    for (const char* text :
         {"global_defs {\n   net_namespace_ipvs lvs\n}\n", "net_namespace_ipvs lvs\n"}) {
        const auto result = test::import_text(text);
        EXPECT_EQ(findings_text(result), "") << text;
        EXPECT_EQ(toml::parse(result.toml)["ipvs"]["net_namespace"].value_or(""),
                  std::string("lvs"))
            << text;
    }
    const auto unnamed = test::import_text("net_namespace blue\nnet_namespace_ipvs\n");
    EXPECT_EQ(findings_text(unnamed), "");
    const toml::table t = toml::parse(unnamed.toml);
    EXPECT_EQ(t["ipvs"]["net_namespace"].value_or(""), std::string("/proc/1/ns/net"));
    EXPECT_EQ(t["global"]["net_namespace"].value_or(""), std::string("blue"));
    const auto two = test::import_text("global_defs {\n   net_namespace_ipvs a b\n}\n");
    EXPECT_EQ(findings_text(two),
              "test.conf:2: net_namespace_ipvs: takes one namespace name, or none\n");
}

}  // namespace
}  // namespace routerd::import
