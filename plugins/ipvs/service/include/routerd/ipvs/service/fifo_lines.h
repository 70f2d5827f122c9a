// The lines Keepalived's checker writes to its notify FIFOs (keepalived.conf(5) global_defs
// lvs_notify_fifo), byte for byte as Keepalived 2.2.7 writes them (check/ipwrapper.c
// notify_fifo_vs and notify_fifo_rs; the ipvs_kernel_forwarder_qemu test compares the two
// daemons' lines in one VM):
//   VS [10.0.0.110]:tcp:80 DOWN                           a virtual server lost its quorum
//   RS [192.168.1.31]:tcp:80 [10.0.0.110]:tcp:80 UP       a real server went into its table
// A virtual server is named "[ADDRESS]:PROTOCOL:PORT", "FWM MARK" or, for a
// virtual_server_group, "[GROUP]:0"; a real server "[ADDRESS]:PROTOCOL:PORT", with its virtual
// server's protocol. (keepalived.conf(5) shows RS lines with the state before the virtual
// server: Keepalived writes it last.)
#pragma once

#include <optional>
#include <string>

#include "routerd/ipvs/service/model.h"
#include "routerd/ipvs/service/transitions.h"

namespace routerd::ipvs {

// `VS NAME UP|DOWN\n`: the virtual server gained (UP) or lost (DOWN) its quorum.
std::string virtual_server_fifo_line(const VirtualServer& vs, bool quorum_up);

// Whether a quorum verdict gets a VS line: every change (`was_up` the verdict before), and a
// virtual server's first verdict (`was_up` nullopt) when it is UP, or DOWN with a sorry server.
// Keepalived 2.2.7 starts a virtual server without quorum: at start it "gains" it (VS UP), or
// "starts with quorum down" only to bring a sorry server in (check/ipwrapper.c
// update_quorum_state); one without quorum and without a sorry server writes nothing then.
bool writes_quorum_line(std::optional<bool> was_up, bool now_up, bool has_sorry_server);

// `RS REAL VIRTUAL UP|DOWN\n`: the real server went in (UP) or out of the table.
std::string real_server_fifo_line(const RealServerNotice& notice);

}  // namespace routerd::ipvs
