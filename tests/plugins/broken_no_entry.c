/* A shared object without routerd_plugin_entry: refused as "no entry symbol". */
#include <routerd/plugin.h>

__attribute__((visibility("default"))) int not_a_routerd_plugin(void) {
    return 42;
}
