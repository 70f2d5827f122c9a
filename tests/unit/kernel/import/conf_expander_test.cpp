#include "import/conf_expander.hpp"

#include <gtest/gtest.h>

#include "import_test_support.hpp"

namespace routerd::import {
namespace {

using test::expanded;
using test::texts;
using Lines = std::vector<std::string>;

TEST(ConfExpander, ConditionalLinesFollowTheConfigId) {
    const std::string conf =
        "@main router_id main_router\n"
        "@backup router_id backup_router\n"
        "@^main peer 1.2.3.4\n"
        "@^backup peer 1.2.3.5\n";
    EXPECT_EQ(texts(expanded(conf, "main")), (Lines{"router_id main_router", "peer 1.2.3.5"}));
    EXPECT_EQ(texts(expanded(conf, "backup")), (Lines{"router_id backup_router", "peer 1.2.3.4"}));
    EXPECT_EQ(texts(expanded(conf, "other")), (Lines{"peer 1.2.3.4", "peer 1.2.3.5"}));
}

// keepalived.conf(5), "Parameter substitution": replacement is recursive and done at use.
TEST(ConfExpander, ParametersAreReplacedRecursivelyWhenUsed) {
    const std::string conf =
        "$ADDRESS_BASE=10.2.${ADDRESS_BASE_SUB}\n"
        "$ADDRESS_BASE_SUB=0\n"
        "${ADDRESS_BASE}.100/32\n"
        "$ADDRESS_BASE_SUB=10\n"
        "${ADDRESS_BASE}.100/32\n";
    EXPECT_EQ(texts(expanded(conf)), (Lines{"10.2.0.100/32", "10.2.10.100/32"}));
}

TEST(ConfExpander, ABareNameIsReplacedOnlyBeforeWhiteSpaceAndUndefinedNamesStay) {
    EXPECT_EQ(texts(expanded("$P=240\npriority $P\nx $Pz ${UNDEF} $P\n")),
              (Lines{"priority 240", "x $Pz ${UNDEF} 240"}));
}

TEST(ConfExpander, ADefinitionCanHoldACondition) {
    EXPECT_EQ(texts(expanded("$IF_MAIN=@main\n$IF_MAIN priority 240\n", "main")),
              Lines{"priority 240"});
    EXPECT_TRUE(texts(expanded("$IF_MAIN=@main\n$IF_MAIN priority 240\n", "backup")).empty());
}

TEST(ConfExpander, AMultiLineDefinitionExpandsToItsLinesWithConditions) {
    const std::string conf =
        "$INSTANCE= \\\n"
        "vrrp_instance VI_${NUM} { \\\n"
        "  @high priority 130 \\\n"
        "  @low priority 120 \\\n"
        "}\n"
        "$NUM=0\n"
        "$INSTANCE\n"
        "$NUM=1\n"
        "$INSTANCE\n";
    EXPECT_EQ(texts(expanded(conf, "high")), (Lines{"vrrp_instance VI_0 {", "priority 130", "}",
                                                    "vrrp_instance VI_1 {", "priority 130", "}"}));
}

TEST(ConfExpander, SeqCountsUpDownAndInHex) {
    EXPECT_EQ(texts(expanded("~SEQ(SUBNET, 0, 3) ip 10.0.${SUBNET}.1\n")),
              (Lines{"ip 10.0.0.1", "ip 10.0.1.1", "ip 10.0.2.1", "ip 10.0.3.1"}));
    EXPECT_EQ(texts(expanded("~SEQx(S, 0x90, 0x10, 0xc0) fe80::20:${S}:1\n")),
              (Lines{"fe80::20:90:1", "fe80::20:a0:1", "fe80::20:b0:1", "fe80::20:c0:1"}));
    EXPECT_EQ(texts(expanded("~SEQ(N, 3) n${N}\n")), (Lines{"n1", "n2", "n3"}));
    EXPECT_EQ(texts(expanded("~SEQ(N, 3, 1) n${N}\n")), (Lines{"n3", "n2", "n1"}));
}

TEST(ConfExpander, ListsAndSequencesCombineAndNest) {
    EXPECT_EQ(texts(expanded("~LST({IP, IP1}, {10,1},{20,4}) ~SEQ(IP2,168,2,170) "
                             "192.${IP2}.${IP}.${IP1}\n")),
              (Lines{"192.168.10.1", "192.170.10.1", "192.168.20.4", "192.170.20.4"}));
}

TEST(ConfExpander, PredefinedNames) {
    EXPECT_EQ(texts(expanded("x ${_HASH}${_BANG} ${_INSTANCE}\n", "lb1")), Lines{"x #! lb1"});
    const auto random = expanded("priority ${_RANDOM 5 10}\n");
    ASSERT_EQ(texts(random), Lines{"priority 5"});
    Expander expander("main");
    expander.expand(read_configuration_text("p ${_RANDOM 5 10}\n", "k.conf"));
    ASSERT_EQ(expander.remarks().size(), 1u);
    EXPECT_EQ(expander.remarks()[0].at.line, 1);
}

TEST(ConfExpander, RunawayDefinitionsAreRefused) {
    EXPECT_THROW(expanded("$A=x ${A}\n${A}\n"), SyntaxError);
    EXPECT_THROW(expanded("$A=${B}\n$B=${A}\n${A}\n"), SyntaxError);
    EXPECT_THROW(expanded("~SEQ(N, 1, -1, 5) x\n"), SyntaxError);
    EXPECT_THROW(expanded("~SEQ(N, 0, 1000000) ~SEQ(M, 0, 1000000) x\n"), SyntaxError);
    EXPECT_THROW(expanded("~LST(A, {1, 2}) x\n"), SyntaxError);
}

}  // namespace
}  // namespace routerd::import
