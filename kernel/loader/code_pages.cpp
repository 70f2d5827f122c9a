#include "loader/code_pages.hpp"

#include <dlfcn.h>
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>

#include <vector>

namespace routerd {
namespace {

struct Search {
    ElfW(Addr) load_bias;
    std::vector<PageRange> pages;
};

// Whether the dynamic section at DYNAMIC asks for text relocations (DT_TEXTREL, DF_TEXTREL).
bool has_text_relocations(const ElfW(Dyn) * dynamic) {
    for (const ElfW(Dyn)* d = dynamic; d->d_tag != DT_NULL; ++d) {
        if (d->d_tag == DT_TEXTREL) return true;
        if (d->d_tag == DT_FLAGS && (d->d_un.d_val & DF_TEXTREL) != 0) return true;
    }
    return false;
}

// SEGMENT's pages: from the page its start is in to the page its end is in.
PageRange pages_of(const dl_phdr_info& info, const ElfW(Phdr) & segment, std::uintptr_t page) {
    const std::uintptr_t start = info.dlpi_addr + segment.p_vaddr;
    return PageRange{start / page * page, (start + segment.p_memsz + page - 1) / page * page};
}

int visit(dl_phdr_info* info, size_t, void* data) {
    auto& search = *static_cast<Search*>(data);
    if (info->dlpi_addr != search.load_bias) return 0;
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    std::vector<PageRange> writable;
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr)& segment = info->dlpi_phdr[i];
        if (segment.p_type == PT_DYNAMIC && has_text_relocations(reinterpret_cast<const ElfW(Dyn)*>(
                                                info->dlpi_addr + segment.p_vaddr))) {
            search.pages.clear();
            return 1;
        }
        if (segment.p_type == PT_LOAD) {
            ((segment.p_flags & PF_W) != 0 ? writable : search.pages)
                .push_back(pages_of(*info, segment, page));
        }
    }
    // A page a writable segment shares is left out: only the pages no one writes.
    auto shared = [&](std::uintptr_t address) {
        for (const PageRange& w : writable) {
            if (address >= w.begin && address < w.end) return true;
        }
        return false;
    };
    for (PageRange& range : search.pages) {
        if (range.begin < range.end && shared(range.begin)) range.begin += page;
        if (range.begin < range.end && shared(range.end - page)) range.end -= page;
    }
    std::erase_if(search.pages, [](const PageRange& r) { return r.begin >= r.end; });
    return 1;
}

}  // namespace

std::vector<PageRange> read_only_pages(void* dlopen_handle) {
    link_map* map = nullptr;
    if (::dlinfo(dlopen_handle, RTLD_DI_LINKMAP, &map) != 0 || map == nullptr) return {};
    Search search{map->l_addr, {}};
    ::dl_iterate_phdr(visit, &search);
    return search.pages;
}

std::size_t release_pages(const std::vector<PageRange>& pages) {
    std::size_t released = 0;
    for (const PageRange& range : pages) {
        if (::madvise(reinterpret_cast<void*>(range.begin), range.end - range.begin,
                      MADV_DONTNEED) == 0)
            released += range.end - range.begin;
    }
    return released;
}

}  // namespace routerd
