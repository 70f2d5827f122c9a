/* Built for another ABI major: refused before any other code of it runs. */
#include <routerd/plugin.h>

ROUTERD_PLUGIN_EXPORT routerd_status_t routerd_plugin_entry(routerd_handshake_t* handshake,
                                                            routerd_host_t* host,
                                                            const routerd_host_api_t* api) {
    handshake->abi_major = ROUTERD_ABI_MAJOR + 1;
    handshake->abi_minor = 0;
    if (host != 0 && api != 0) {
        /* Must never be reached: the host stops after the handshake. */
        api->log(host, ROUTERD_LOG_CRITICAL, (routerd_str_t){"init ran", 8});
    }
    return ROUTERD_OK;
}
