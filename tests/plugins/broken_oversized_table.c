/* Registers a service table larger than the host knows (built against a newer header than
 * its minor claims): refused. */
#include <routerd/plugin.h>

struct future_service_api {
    routerd_service_api_t known;
    void (*routerd_on_something_new)(void* self);
};

static void destroy(void* self) {
    (void)self;
}

ROUTERD_PLUGIN_EXPORT routerd_status_t routerd_plugin_entry(routerd_handshake_t* handshake,
                                                            routerd_host_t* host,
                                                            const routerd_host_api_t* api) {
    handshake->abi_major = ROUTERD_ABI_MAJOR;
    handshake->abi_minor = ROUTERD_ABI_MINOR;
    if (host == 0) return ROUTERD_OK;
    static struct future_service_api table;
    static int self;
    table.known.size = sizeof table;
    table.known.lifecycle.size = sizeof table.known.lifecycle;
    table.known.lifecycle.routerd_on_destroy = destroy;
    return api->register_plugin(host, ROUTERD_KIND_SERVICE, (routerd_str_t){"oversized", 9},
                                (routerd_str_t){"1.0", 3}, &table, &self);
}
