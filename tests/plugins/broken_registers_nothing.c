/* Init succeeds but registers no plugin: refused. */
#include <routerd/plugin.h>

ROUTERD_PLUGIN_EXPORT routerd_status_t routerd_plugin_entry(routerd_handshake_t* handshake,
                                                            routerd_host_t* host,
                                                            const routerd_host_api_t* api) {
    (void)host;
    (void)api;
    handshake->abi_major = ROUTERD_ABI_MAJOR;
    handshake->abi_minor = ROUTERD_ABI_MINOR;
    return ROUTERD_OK;
}
