#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "import/import_keepalived.hpp"

namespace routerd::import {
namespace {

// docs/keepalived-keywords.md is the importer's own mapping, printed: regenerate it with
// `routerd import-keepalived --keywords > docs/keepalived-keywords.md` when a rule changes.
TEST(KeywordTable, TheDocumentationIsTheMappingItself) {
    std::ifstream file(KEYWORD_DOC);
    ASSERT_TRUE(file) << KEYWORD_DOC;
    std::stringstream text;
    text << file.rdbuf();
    const std::string doc = text.str();
    const std::string table = keyword_table_markdown();
    const size_t at = doc.find(table);
    EXPECT_NE(at, std::string::npos)
        << "docs/keepalived-keywords.md is out of date: regenerate its table with "
           "`routerd import-keepalived --keywords`";
}

TEST(KeywordTable, EachKeywordHasOneRowPerBlockAndEveryRowSaysWhere) {
    std::set<std::pair<std::string_view, std::string_view>> seen;
    for (const KeywordRule& rule : keyword_rules()) {
        EXPECT_TRUE(seen.emplace(rule.context, rule.keyword).second)
            << rule.context << " " << rule.keyword << " twice";
        if (rule.verdict == Verdict::translated) {
            EXPECT_FALSE(rule.target.empty()) << rule.keyword;
            EXPECT_TRUE(rule.kind != ValueKind::custom || rule.custom) << rule.keyword;
            EXPECT_TRUE(rule.kind == ValueKind::custom || !rule.key.empty()) << rule.keyword;
        } else {
            EXPECT_FALSE(rule.reason.empty()) << rule.keyword;
        }
    }
    EXPECT_GT(seen.size(), 300u);
}

}  // namespace
}  // namespace routerd::import
