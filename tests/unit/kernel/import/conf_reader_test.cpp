#include "import/conf_reader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "import_test_support.hpp"

namespace routerd::import {
namespace {

namespace fs = std::filesystem;

class TempFolder {
  public:
    TempFolder() {
        char name[] = "/tmp/routerd-import-XXXXXX";
        path_ = ::mkdtemp(name);
    }
    ~TempFolder() { fs::remove_all(path_); }
    fs::path write(const std::string& name, const std::string& text) const {
        const fs::path file = path_ / name;
        fs::create_directories(file.parent_path());
        std::ofstream(file) << text;
        return file;
    }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

TEST(ConfReader, CommentsStartAtHashOrBangOutsideQuotes) {
    const auto lines = read_configuration_text(
        "! Configuration File\n"
        "router_id lb1 # the name\n"
        "script \"/bin/echo a#b!c\" ! done\n",
        "k.conf");
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_TRUE(lines[0].comment_only);
    EXPECT_EQ(lines[0].comment, "Configuration File");
    EXPECT_EQ(lines[1].text, "router_id lb1");
    EXPECT_EQ(lines[1].comment, "the name");
    EXPECT_EQ(lines[2].text, "script \"/bin/echo a#b!c\"");
    EXPECT_EQ(lines[2].at.line, 3);
}

TEST(ConfReader, ABackslashContinuesALineJoinedByNewlines) {
    const auto lines = read_configuration_text("$X= \\\n  a \\\n  b\nnext\n", "k.conf");
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].text, "$X=\na\nb");
    EXPECT_EQ(lines[1].text, "next");
    EXPECT_EQ(lines[1].at.line, 4);
}

TEST(ConfReader, ColumnsCountFromTheLinesIndentation) {
    const auto lines = read_configuration_text("    priority 100\n", "k.conf");
    EXPECT_EQ(lines[0].at.column, 5);
}

TEST(ConfReader, IncludesAreRelativeToTheIncludingFileAndGlob) {
    TempFolder folder;
    folder.write("conf.d/b.conf", "b_line\n");
    folder.write("conf.d/a.conf", "a_line\ninclude ../tail.conf\n");
    folder.write("tail.conf", "tail_line\n");
    const fs::path main = folder.write("main.conf", "first\ninclude conf.d/*.conf\nlast\n");
    const auto lines = read_configuration(main);
    EXPECT_EQ(test::texts(lines),
              (std::vector<std::string>{"first", "a_line", "tail_line", "b_line", "last"}));
    EXPECT_EQ(lines[1].at.file, (folder.path() / "conf.d/a.conf").string());
}

TEST(ConfReader, AWildcardThatMatchesNothingIsNoError) {
    TempFolder folder;
    const fs::path main = folder.write("main.conf", "includer conf.d/*.conf\nx\n");
    EXPECT_EQ(test::texts(read_configuration(main)), std::vector<std::string>{"x"});
}

TEST(ConfReader, AMissingIncludeFileIsASyntaxErrorAtItsLine) {
    TempFolder folder;
    const fs::path main = folder.write("main.conf", "x\n  include missing.conf\n");
    try {
        read_configuration(main);
        FAIL() << "no error";
    } catch (const SyntaxError& e) {
        EXPECT_EQ(e.at().line, 2);
        EXPECT_EQ(e.at().column, 3);
        EXPECT_NE(std::string(e.what()).find("missing.conf': no such file"), std::string::npos);
    }
}

TEST(ConfReader, AnIncludeLoopIsRefused) {
    TempFolder folder;
    folder.write("b.conf", "include a.conf\n");
    const fs::path main = folder.write("a.conf", "include b.conf\n");
    try {
        read_configuration(main);
        FAIL() << "no error";
    } catch (const SyntaxError& e) {
        EXPECT_NE(std::string(e.what()).find("include loop"), std::string::npos);
        EXPECT_EQ(e.at().file, (folder.path() / "b.conf").string());
    }
}

TEST(ConfReader, AMergeConflictMarkerIsASyntaxError) {
    try {
        read_configuration_text("a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> other\n", "k.conf");
        FAIL() << "no error";
    } catch (const SyntaxError& e) {
        EXPECT_EQ(e.at().text(), "k.conf:2:1");
        EXPECT_NE(std::string(e.what()).find("merge-conflict marker"), std::string::npos);
    }
}

TEST(ConfReader, AnUnreadableFileNamesItself) {
    EXPECT_THROW(read_configuration("/nonexistent/keepalived.conf"), SyntaxError);
}

}  // namespace
}  // namespace routerd::import
