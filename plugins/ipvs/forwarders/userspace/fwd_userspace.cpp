// The userspace forwarder plugin's entry: registers "userspace" (file fwd_userspace.so).
#include "userspace_forwarder.h"

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::ipvs::userspace::UserspaceForwarder>("userspace", "1.0.0");
}
