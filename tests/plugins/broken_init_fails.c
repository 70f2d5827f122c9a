/* Init fails with a reason: refused, and the reason is shown. */
#include <routerd/plugin.h>

ROUTERD_PLUGIN_EXPORT routerd_status_t routerd_plugin_entry(routerd_handshake_t* handshake,
                                                            routerd_host_t* host,
                                                            const routerd_host_api_t* api) {
    handshake->abi_major = ROUTERD_ABI_MAJOR;
    handshake->abi_minor = ROUTERD_ABI_MINOR;
    if (host == 0) return ROUTERD_OK;
    static const char reason[] = "license file /etc/vendor.lic is missing";
    api->set_error(host, (routerd_str_t){reason, sizeof reason - 1});
    return ROUTERD_ERR_FAILED;
}
