/*
 * routerd plugin ABI — the only interface between the routerd host and a plugin.
 *
 * COMPATIBILITY POLICY
 *  - This header is plain C (stdint/stddef/stdbool only) so that plugins built by any
 *    compiler and any C++ standard library load into any routerd of the same ABI major.
 *  - ROUTERD_ABI_MAJOR changes when anything here changes incompatibly (a field removed,
 *    reordered or retyped, a function's meaning changed). The host refuses a plugin whose
 *    major differs from its own.
 *  - ROUTERD_ABI_MINOR grows when something is appended: a field at the end of a table or
 *    struct, a new event type, a new plugin kind. The host refuses a plugin whose minor is
 *    newer than its own (the plugin may rely on what the host lacks); an older minor loads.
 *  - Every table and struct starts with `uint32_t size` (its sizeof as the writer knew it).
 *    A reader copies `size` bytes into a zeroed struct of its own, so fields appended later
 *    read as zero/NULL for old writers. A plugin table larger than the host knows is refused
 *    (it was built against a newer header than its minor claims).
 *  - Ownership: whoever allocates frees. Strings and buffers are passed as {ptr, len} and are
 *    valid only for the duration of the call unless documented otherwise; keep a copy.
 *  - Calls return routerd_status_t; on failure the plugin may explain itself with
 *    routerd_host_api_t.set_error before returning.
 *  - Names say who implements what: routerd_on_* is implemented by the plugin, routerd_host_*
 *    by the host.
 *  - A CI test pins a hash of this file: an ABI change is always deliberate.
 */
#ifndef ROUTERD_PLUGIN_H
#define ROUTERD_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ROUTERD_ABI_MAJOR 1
#define ROUTERD_ABI_MINOR 5

/* The one symbol every plugin exports (see ROUTERD_PLUGIN_EXPORT). */
#define ROUTERD_PLUGIN_ENTRY_SYMBOL "routerd_plugin_entry"

#if defined(__GNUC__)
#define ROUTERD_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define ROUTERD_PLUGIN_EXPORT
#endif

typedef enum routerd_status_t {
    ROUTERD_OK = 0,
    ROUTERD_ERR_INVALID = 1,     /* bad argument or configuration */
    ROUTERD_ERR_FAILED = 2,      /* the operation failed at run time */
    ROUTERD_ERR_UNSUPPORTED = 3, /* the callee does not implement this */
    ROUTERD_ERR_NOT_FOUND = 4
} routerd_status_t;

typedef struct routerd_str_t {
    const char* ptr;
    size_t len;
} routerd_str_t;

typedef enum routerd_plugin_kind_t {
    ROUTERD_KIND_SERVICE = 1,   /* owns a top-level config table named after it (vrrp, ipvs) */
    ROUTERD_KIND_CHECKER = 2,   /* probes one target once per call (tcp, http, ...) */
    ROUTERD_KIND_SCHEDULER = 3, /* picks a real server per new flow (rr, wlc, mh, ...) */
    ROUTERD_KIND_NOTIFIER = 4,  /* reacts to bus events by telling people (smtp) */
    ROUTERD_KIND_FORWARDER = 5  /* programs a data plane (kernel IPVS, userspace) */
} routerd_plugin_kind_t;

typedef enum routerd_log_level_t {
    ROUTERD_LOG_TRACE = 0,
    ROUTERD_LOG_DEBUG = 1,
    ROUTERD_LOG_INFO = 2,
    ROUTERD_LOG_WARN = 3,
    ROUTERD_LOG_ERROR = 4,
    ROUTERD_LOG_CRITICAL = 5
} routerd_log_level_t;

/* ---- events ------------------------------------------------------------------------------ */

/* Event types and the meaning of routerd_event_t's fields for each.
 * `data` is a JSON object (or empty). Keys every publisher uses the same way:
 *   "smtp_alert": bool  -- the alert switch of the object the event is about (an instance,
 *                          a sync group, a virtual server, a check), when it has one; absent
 *                          means "follow the notifier's global setting".
 *   "router_id": string -- [global] router_id of the publishing routerd, when set. */
typedef enum routerd_event_type_t {
    /* subject = instance name, or the sync group's name when data has "group": true;
     * state/previous_state = routerd_vrrp_state_t, value = effective priority,
     * address = the master's address, reason = why (e.g. "master down timer expired",
     * "150 = 200 base - 50 track_process sshd down"). */
    ROUTERD_EVENT_VRRP_TRANSITION = 1,
    /* subject = check id: NAME for a standalone [checks.NAME], "type@ip:port/hash" for a check
     * attached with check_attach (so an id with '@' is never standalone);
     * address = target "ip:port", state = 1 up / 0 down (after rise/fall),
     * previous_state = -1 unknown / 0 / 1, value = weight (dynamic checks) or -1,
     * latency_us = probe duration, reason = why. */
    ROUTERD_EVENT_CHECK_RESULT = 2,
    /* subject = virtual server ("tcp:172.16.0.100:80", "fwmark:1"), address = real server
     * "ip:port", state = 1 in / 0 out of the forwarding table, previous_state likewise,
     * value = weight, reason = why (e.g. "TCP check failed: connection refused", "quorum
     * lost: sorry server in"). */
    ROUTERD_EVENT_REAL_SERVER = 3,
    /* subject = alert subject, reason = body, state = routerd_alert_state_t. */
    ROUTERD_EVENT_ALERT = 4,
    /* subject = config file, state = 1 applied / 0 refused, reason = summary. */
    ROUTERD_EVENT_CONFIG_RELOAD = 5,
    /* (Since ABI 1.2.) subject = virtual server's name ([ipvs.virtual_server.NAME]),
     * address = its services, comma-separated ("tcp:172.16.0.100:80", "fwmark:1"),
     * state = 1 quorum up / 0 down,
     * previous_state = -1 when first known (at start, or the server is new after a reload),
     * value = the healthy real servers' total weight, reason = why. */
    ROUTERD_EVENT_VIRTUAL_SERVER = 6,
    /* Vendor events: types >= ROUTERD_EVENT_CUSTOM, payload in data. */
    ROUTERD_EVENT_CUSTOM = 1000
} routerd_event_type_t;

typedef enum routerd_vrrp_state_t {
    ROUTERD_VRRP_INIT = 0,
    ROUTERD_VRRP_BACKUP = 1,
    ROUTERD_VRRP_MASTER = 2,
    ROUTERD_VRRP_FAULT = 3,
    ROUTERD_VRRP_STOP = 4
} routerd_vrrp_state_t;

typedef enum routerd_alert_state_t {
    ROUTERD_ALERT_QUEUED = 0,
    ROUTERD_ALERT_SENT = 1,
    ROUTERD_ALERT_FAILED = 2
} routerd_alert_state_t;

/* One envelope for every event type; the host deep-copies it on publish. */
typedef struct routerd_event_t {
    uint32_t size;
    uint32_t type;         /* routerd_event_type_t */
    uint64_t time_unix_ns; /* set by the host when 0 */
    routerd_str_t source;  /* set by the host: the publishing plugin's name */
    routerd_str_t subject;
    routerd_str_t address;
    routerd_str_t reason;
    int32_t state;
    int32_t previous_state;
    int32_t value;
    uint32_t latency_us;
    routerd_str_t data; /* free-form (JSON by convention) */
} routerd_event_t;

/* ---- host services ------------------------------------------------------------------------ */

typedef struct routerd_host_t routerd_host_t;               /* one per plugin, opaque */
typedef struct routerd_config_node_t routerd_config_node_t; /* a value in the TOML tree */

typedef enum routerd_config_type_t {
    ROUTERD_CONFIG_NONE = 0, /* absent */
    ROUTERD_CONFIG_TABLE = 1,
    ROUTERD_CONFIG_ARRAY = 2,
    ROUTERD_CONFIG_STRING = 3,
    ROUTERD_CONFIG_INTEGER = 4,
    ROUTERD_CONFIG_FLOAT = 5,
    ROUTERD_CONFIG_BOOLEAN = 6
} routerd_config_type_t;

typedef void (*routerd_event_fn)(void* user, const routerd_event_t* event);
typedef void (*routerd_task_fn)(void* user);
/* Called exactly once per timer: fired = true when it expired, false when it was cancelled
 * (so that the plugin can free `user` either way). */
typedef void (*routerd_timer_fn)(void* user, bool fired);
/* Receives one row of a query: n columns as text (ptr NULL for SQL NULL). */
typedef void (*routerd_row_fn)(void* user, const routerd_str_t* columns, size_t n);
/* Receives text produced by the callee (status JSON, command output). */
typedef void (*routerd_text_fn)(void* user, routerd_str_t text);

/* What a configuration may need beyond routerd's own work (raw sockets and netlink, which it
 * always keeps). Started as root, routerd keeps the capabilities of what its configuration
 * declared through routerd_host_api_t.require_privilege and gives up every other one once it
 * has started; a reload that needs one given up is refused. (Since ABI 1.2.) */
typedef enum routerd_privilege_t {
    /* Start children under another user or group (a script's user, script_user):
     * CAP_SETUID and CAP_SETGID, and CAP_KILL to stop them at their timeout. */
    ROUTERD_PRIVILEGE_RUN_AS_USER = 1,
    /* Bind a TCP or UDP port below 1024 (a listener, a check's bind_port):
     * CAP_NET_BIND_SERVICE. */
    ROUTERD_PRIVILEGE_BIND_LOW_PORT = 2,
    /* Raise a thread's scheduling: a negative nice, or a real-time policy (SCHED_RR):
     * CAP_SYS_NICE. (Since ABI 1.4.) */
    ROUTERD_PRIVILEGE_REALTIME = 3,
    /* Lock the process's memory (mlockall) beyond RLIMIT_MEMLOCK: CAP_IPC_LOCK.
     * (Since ABI 1.4.) */
    ROUTERD_PRIVILEGE_LOCK_MEMORY = 4,
    /* Enter another network namespace (setns) for a socket of its own, e.g. the IPVS of
     * net_namespace_ipvs: CAP_SYS_ADMIN. (Since ABI 1.5.) */
    ROUTERD_PRIVILEGE_ENTER_NET_NAMESPACE = 5
} routerd_privilege_t;

/* Metrics (since ABI 1.3): the host keeps a registry of metric families that its exporter
 * serves in the Prometheus text format. A family has a name, help text, a type and label names;
 * each combination of label values is one series. Both are host-owned and live as long as
 * routerd, so a plugin may keep the pointers and update them from any thread. */
typedef struct routerd_metric_family_t routerd_metric_family_t;
typedef struct routerd_metric_t routerd_metric_t; /* one series of a family */

typedef enum routerd_metric_type_t {
    ROUTERD_METRIC_COUNTER = 1,  /* only goes up; name ends in _total */
    ROUTERD_METRIC_GAUGE = 2,    /* goes up and down, or is set */
    ROUTERD_METRIC_HISTOGRAM = 3 /* observations counted into buckets, with their sum */
} routerd_metric_type_t;

typedef struct routerd_host_api_t {
    uint32_t size;

    /* Logging: the host prefixes each line with the plugin's name. */
    void (*log)(routerd_host_t* host, routerd_log_level_t level, routerd_str_t message);
    /* Records why the current call fails; the host shows it with the plugin's name. */
    void (*set_error)(routerd_host_t* host, routerd_str_t message);
    /* Registration, during routerd_plugin_entry only: kind + name + the kind's table. */
    routerd_status_t (*register_plugin)(routerd_host_t* host, routerd_plugin_kind_t kind,
                                        routerd_str_t name, routerd_str_t version,
                                        const void* plugin_table, void* self);

    /* Configuration. Every key a plugin looks up (present or not) is remembered; keys that
     * nobody looked up are reported as unknown, with a did-you-mean from the looked-up ones. */
    routerd_config_type_t (*config_type)(routerd_host_t* host, const routerd_config_node_t* node);
    const routerd_config_node_t* (*config_get)(routerd_host_t* host,
                                               const routerd_config_node_t* table,
                                               routerd_str_t key);
    size_t (*config_count)(routerd_host_t* host, const routerd_config_node_t* node);
    /* Table entries in file order, or array items; key_out (may be NULL) gets a table key. */
    const routerd_config_node_t* (*config_at)(routerd_host_t* host,
                                              const routerd_config_node_t* node, size_t index,
                                              routerd_str_t* key_out);
    routerd_status_t (*config_string)(routerd_host_t* host, const routerd_config_node_t* node,
                                      routerd_str_t* out);
    routerd_status_t (*config_integer)(routerd_host_t* host, const routerd_config_node_t* node,
                                       int64_t* out);
    routerd_status_t (*config_float)(routerd_host_t* host, const routerd_config_node_t* node,
                                     double* out);
    routerd_status_t (*config_boolean)(routerd_host_t* host, const routerd_config_node_t* node,
                                       bool* out);
    /* "1s", "150ms", "2m", "1h30m" -> nanoseconds; reports its own error on failure. */
    routerd_status_t (*config_duration)(routerd_host_t* host, const routerd_config_node_t* node,
                                        uint64_t* out_ns);
    /* Records "file:line:col: key.path: message" against the node (or its table). */
    void (*config_error)(routerd_host_t* host, const routerd_config_node_t* node,
                         routerd_str_t message);
    /* The node's dotted key path, e.g. "vrrp.instance.VI_1.priority". */
    routerd_str_t (*config_path)(routerd_host_t* host, const routerd_config_node_t* node);
    /* The [global] table (router_id, ...); NONE when absent. Configuration nodes are valid only
     * during routerd_on_configure: copy what you keep. */
    const routerd_config_node_t* (*config_global)(routerd_host_t* host);

    /* Health checks, during routerd_on_configure: validates `check` (a check table: type,
     * delay_loop, rise, ... and the checker's own keys) for `target` ("ip:port"); when the
     * configuration is applied, the host runs it. Identical checks (same type, target and
     * settings) attached from several places run once. *id_out gets the check's id (stable
     * across reloads; copy it): its results are ROUTERD_EVENT_CHECK_RESULT events with that
     * subject. */
    routerd_status_t (*check_attach)(routerd_host_t* host, const routerd_config_node_t* check,
                                     routerd_str_t target, routerd_str_t* id_out);
    /* A running check's current health: 1 up, 0 down, -1 unknown id. */
    int32_t (*check_state)(routerd_host_t* host, routerd_str_t check_id);

    /* Another plugin's table, for the kinds that are called per use rather than through the
     * bus (schedulers by forwarders, forwarders by the load balancer). *table points to the
     * kind's table (routerd_scheduler_api_t, ...) and *self is the object to pass to it; both
     * stay valid while routerd runs. Calls through it run on the caller's thread. */
    routerd_status_t (*find_plugin)(routerd_host_t* host, routerd_plugin_kind_t kind,
                                    routerd_str_t name, const void** table, void** self);

    /* Event bus: publish is thread-safe; a subscriber's callback runs on that plugin's
     * executor, one event at a time, in publish order. Subscriptions end when the host stops
     * the plugin (before routerd_on_stop returns, no callback is running or will run). */
    routerd_status_t (*publish)(routerd_host_t* host, const routerd_event_t* event);
    routerd_status_t (*subscribe)(routerd_host_t* host, uint32_t event_type, routerd_event_fn fn,
                                  void* user);

    /* Executor: runs fn on this plugin's serial executor (never concurrently with its other
     * tasks, timers and event callbacks). */
    routerd_status_t (*post)(routerd_host_t* host, routerd_task_fn fn, void* user);
    /* Blocking work (scripts, DNS lookups) on the host's blocking pool, never an event loop. */
    routerd_status_t (*post_blocking)(routerd_host_t* host, routerd_task_fn fn, void* user);
    /* One-shot timer on the plugin's executor; returns an id > 0 (0 = refused). */
    uint64_t (*timer_start)(routerd_host_t* host, uint64_t delay_ns, routerd_timer_fn fn,
                            void* user);
    void (*timer_cancel)(routerd_host_t* host, uint64_t timer_id);
    /* Monotonic clock, nanoseconds. */
    uint64_t (*now_ns)(routerd_host_t* host);

    /* Store: the plugin's own namespace. In SQL, write table names as `{ns}name`; the host
     * replaces `{ns}` with the plugin's prefix and refuses access to other namespaces. */
    /* Applies steps[v..n) where v is the namespace's current schema version, each step in its
     * own transaction; synchronous (call from on_start). */
    routerd_status_t (*store_migrate)(routerd_host_t* host, const routerd_str_t* steps, size_t n);
    /* Queued write, run in order on the store's writer thread (never blocks the caller). */
    routerd_status_t (*store_write)(routerd_host_t* host, routerd_str_t sql,
                                    const routerd_str_t* params, size_t n);
    /* Synchronous read; waits for this plugin's queued writes first. */
    routerd_status_t (*store_query)(routerd_host_t* host, routerd_str_t sql,
                                    const routerd_str_t* params, size_t n, routerd_row_fn fn,
                                    void* user);
    /* Appends to the shared history table (subject, from, to, detail), queued like writes. */
    routerd_status_t (*store_history)(routerd_host_t* host, routerd_str_t subject,
                                      routerd_str_t from_state, routerd_str_t to_state,
                                      routerd_str_t detail);

    /* Since ABI 1.2. During routerd_on_configure (dry run or not) and a checker's
     * routerd_on_probe_create: the configuration at `node` needs `privilege`. On a reload
     * that needs a privilege routerd gave up, the host reports it against `node` and refuses
     * the configuration. */
    routerd_status_t (*require_privilege)(routerd_host_t* host, const routerd_config_node_t* node,
                                          routerd_privilege_t privilege);

    /* Since ABI 1.2. Any thread: how many file descriptors the data plane (a forwarder's
     * listeners, flows, connections and pipes) may hold in all. routerd keeps the rest of its
     * RLIMIT_NOFILE for the control plane (VRRP, checks, control socket, store), which a flood
     * of clients must never starve. */
    uint64_t (*descriptor_budget)(routerd_host_t* host);

    /* Since ABI 1.2. Any time (usually from the plugin's constructor): the plugin's control
     * command `verb` (the first word after the plugin's name in routerctl; "" for the command
     * without arguments) only reads state, so members of [global] control_group may run it.
     * Every command not declared so needs root. */
    routerd_status_t (*declare_read_only_command)(routerd_host_t* host, routerd_str_t verb);

    /* Since ABI 1.3. Liveness of a loop the plugin runs on a thread of its own (the host cannot
     * see it turn). heartbeat_declare, from any thread: a heartbeat named `name`; *id_out gets
     * its id (0 when the host watches none: feeding it does nothing) and *interval_ns_out how often
     * the loop must call heartbeat_feed (any thread; cheap). Under systemd's watchdog
     * (WatchdogSec=) routerd sends WATCHDOG=1 only while every declared heartbeat was fed within
     * two intervals: a loop that stops turning stops the pings, and systemd restarts routerd.
     * heartbeat_retire ends one (when the loop stops on purpose). */
    routerd_status_t (*heartbeat_declare)(routerd_host_t* host, routerd_str_t name,
                                          uint64_t* id_out, uint64_t* interval_ns_out);
    void (*heartbeat_feed)(routerd_host_t* host, uint64_t id);
    void (*heartbeat_retire)(routerd_host_t* host, uint64_t id);
    /* Since ABI 1.3. Any thread (it may take a lock): declares the metric family `name`
     * (Prometheus's rules: [a-zA-Z_:][a-zA-Z0-9_:]*, routerd's own start with "routerd_") with
     * its help text and label names ([a-zA-Z_][a-zA-Z0-9_]*, not starting with "__"; a
     * histogram's may not be "le"); a histogram gives its buckets' upper bounds, strictly
     * increasing (+Inf is implied), other types none. Declaring a name again with the same
     * type, help, labels and buckets returns the same family (a restart or a reload may, and
     * so may two plugins that share a family); anything else is refused: NULL, after
     * set_error. */
    routerd_metric_family_t* (*metric_family)(routerd_host_t* host, routerd_metric_type_t type,
                                              routerd_str_t name, routerd_str_t help,
                                              const routerd_str_t* label_names, size_t label_count,
                                              const double* buckets, size_t bucket_count);
    /* Since ABI 1.3. Any thread (it may take a lock): the family's series with these label
     * values (one per label name, any UTF-8), at 0 when new, shown again when it was removed.
     * NULL (after set_error) when the count is wrong. */
    routerd_metric_t* (*metric_series)(routerd_host_t* host, routerd_metric_family_t* family,
                                       const routerd_str_t* label_values, size_t label_count);
    /* Since ABI 1.3. Any thread, lock-free: they never block, so a real-time loop (VRRP's) may
     * call them. add: a counter (delta >= 0; a negative one is ignored) or a gauge; set: a
     * gauge; observe: a histogram. A call the series' type has no use for is ignored. */
    void (*metric_add)(routerd_host_t* host, routerd_metric_t* metric, double delta);
    void (*metric_set)(routerd_host_t* host, routerd_metric_t* metric, double value);
    void (*metric_observe)(routerd_host_t* host, routerd_metric_t* metric, double value);
    /* Since ABI 1.3. Any thread: the series leaves the exposition (what it is about is gone,
     * e.g. an instance a reload removed) until metric_series asks for it again; a counter
     * comes back with its count. The pointer stays valid. */
    void (*metric_remove)(routerd_host_t* host, routerd_metric_t* metric);
} routerd_host_api_t;

/* ---- plugin tables -------------------------------------------------------------------------- */

/* Common lifecycle, first member of every kind's table. */
typedef struct routerd_lifecycle_t {
    uint32_t size;
    /* Validates and takes `config` (the plugin's table, or NONE when absent); may be called
     * again on reload with a changed table. On a reload the host calls configure with
     * dry_run = true first for every plugin, and applies only if all succeed. */
    routerd_status_t (*routerd_on_configure)(void* self, const routerd_config_node_t* config,
                                             bool dry_run);
    /* The host starts a plugin only while the applied configuration gives it work, and stops
     * it when a reload takes that work away (start and stop may come again): a plugin whose
     * top-level table is present and not empty, a checker while a check of its type runs, a
     * provider while a running plugin uses it (it looked it up with find_plugin during
     * routerd_on_configure). A plugin without work stays loaded and configured (with NONE)
     * and costs no thread, timer or socket. This holds for plugins of every ABI minor. */
    routerd_status_t (*routerd_on_start)(void* self);
    /* Stops everything the plugin runs; the object stays valid until destroy. */
    void (*routerd_on_stop)(void* self);
    void (*routerd_on_destroy)(void* self);
    /* Status as a JSON object. */
    routerd_status_t (*routerd_on_status)(void* self, routerd_text_fn fn, void* user);
    /* A control command (JSON request) addressed to this plugin; answer as JSON. */
    routerd_status_t (*routerd_on_command)(void* self, routerd_str_t request, routerd_text_fn fn,
                                           void* user);
} routerd_lifecycle_t;

typedef struct routerd_service_api_t {
    uint32_t size;
    routerd_lifecycle_t lifecycle;
} routerd_service_api_t;

typedef struct routerd_notifier_api_t {
    uint32_t size;
    routerd_lifecycle_t lifecycle;
} routerd_notifier_api_t;

/* Checker: one probe per configured check; the host schedules probes (delay_loop, jitter,
 * timeouts, retry, rise/fall) and publishes the results. */
typedef struct routerd_probe_t routerd_probe_t; /* plugin-owned, opaque to the host */

typedef struct routerd_probe_result_t {
    uint32_t size;
    bool up;
    int32_t weight; /* dynamic weight (misc_dynamic, file) or -1 */
    routerd_str_t reason;
    /* Since ABI 1.2. The attempt could not be made for a reason of routerd's own (out of file
     * descriptors: EMFILE, ENFILE), which says nothing about the target: the host logs it
     * and leaves the check's state as it was. */
    bool local_error;
} routerd_probe_result_t;

/* Called by the plugin exactly once per probe_run, from any thread. */
typedef void (*routerd_probe_done_fn)(void* context, const routerd_probe_result_t* result);

typedef struct routerd_checker_api_t {
    uint32_t size;
    routerd_lifecycle_t lifecycle;
    /* Validates the check's table (common keys are the host's) and creates a probe. */
    routerd_status_t (*routerd_on_probe_create)(void* self, const routerd_config_node_t* check,
                                                routerd_str_t target_address,
                                                routerd_probe_t** out);
    /* Starts one attempt; must give up by timeout_ns and then call done. */
    routerd_status_t (*routerd_on_probe_run)(void* self, routerd_probe_t* probe,
                                             uint64_t timeout_ns, routerd_probe_done_fn done,
                                             void* context);
    void (*routerd_on_probe_destroy)(void* self, routerd_probe_t* probe);
} routerd_checker_api_t;

/* Scheduler */
typedef struct routerd_scheduler_t routerd_scheduler_t; /* plugin-owned */

typedef struct routerd_backend_t {
    uint32_t size;
    routerd_str_t key; /* "ip:port", stable identity */
    uint32_t weight;
    uint32_t active_connections;
    uint32_t inactive_connections;
    bool overloaded;
} routerd_backend_t;

typedef struct routerd_flow_t {
    uint32_t size;
    uint8_t family; /* 4 or 6 */
    uint8_t protocol;
    uint8_t source_address[16];
    uint16_t source_port;
    uint8_t destination_address[16];
    uint16_t destination_port;
} routerd_flow_t;

typedef struct routerd_scheduler_api_t {
    uint32_t size;
    routerd_lifecycle_t lifecycle;
    /* flags: Keepalived's scheduler flags, e.g. "sh-port,sh-fallback". */
    routerd_status_t (*routerd_on_scheduler_create)(void* self, routerd_str_t flags,
                                                    const routerd_config_node_t* options,
                                                    routerd_scheduler_t** out);
    /* The backend set or a weight changed. */
    routerd_status_t (*routerd_on_scheduler_update)(void* self, routerd_scheduler_t* scheduler,
                                                    const routerd_backend_t* backends, size_t n);
    /* Index into backends, or -1 when none can take the flow. */
    int64_t (*routerd_on_scheduler_pick)(void* self, routerd_scheduler_t* scheduler,
                                         const routerd_backend_t* backends, size_t n,
                                         const routerd_flow_t* flow);
    void (*routerd_on_scheduler_destroy)(void* self, routerd_scheduler_t* scheduler);
} routerd_scheduler_api_t;

/* Forwarder: applies a desired table of virtual services and destinations. */
typedef struct routerd_forwarder_api_t {
    uint32_t size;
    routerd_lifecycle_t lifecycle;
    /* desired: JSON document of virtual services with their destinations; the forwarder
     * applies the difference to what it runs:
     *   {"services": [{
     *       "key": "tcp:172.16.0.100:80" | "fwmark:1",
     *       "protocol": "tcp" | "udp" | "sctp", "address": "172.16.0.100", "port": 80,
     *       "fwmark": 0, "scheduler": "sh", "flags": "sh-port,sh-fallback",
     *       "persistence_timeout_ms": 0, "persistence_granularity": "255.255.255.255",
     *       "destinations": [{"address": "172.16.1.20", "port": 80, "weight": 1,
     *                         "method": "nat" | "dr" | "tun", "tun_type": "ipip" | "gue" | "gre",
     *                         "uthreshold": 0, "lthreshold": 0,
     *                         "tun_port": 0}]}]}
     * ("tun_port", GUE's UDP port, was appended in ABI 1.1, and a service's "persistence_engine"
     * ("sip", Keepalived's persistence_engine; absent: none) in ABI 1.5; a forwarder may ignore
     * what it does not know.)
     * A key left out takes the value shown (of alternatives, the first), except "scheduler"
     * "wlc", "flags" "", "address" "" and an empty list. "key" is what protocol, address and
     * port (or fwmark) make, and must be that when given. A service has an address (IPv4, or
     * IPv6 without brackets) or a non-zero fwmark; a destination has an address. "flags" are
     * keepalived's lvs_flags that fit the scheduler, separated by commas.
     * "persistence_granularity" is a dotted netmask (IPv6 services ignore it) or a prefix
     * length. A NAT destination of an address service has the service's address family. No
     * service key, and no destination address:port within a service, appears twice.
     * A destination with weight 0 takes no new connections; its open ones finish.
     * routerd's forwarders read and write this with one codec, plugins/ipvs/table/codec.h. */
    routerd_status_t (*routerd_on_forwarder_apply)(void* self, routerd_str_t desired);
    /* What the data plane holds now, as the same JSON shape, each destination with
     * "active_connections" and "inactive_connections". */
    routerd_status_t (*routerd_on_forwarder_read)(void* self, routerd_text_fn fn, void* user);
} routerd_forwarder_api_t;

/* ---- entry ------------------------------------------------------------------------------ */

typedef struct routerd_handshake_t {
    uint32_t size;
    uint32_t abi_major; /* the plugin writes what it was built against */
    uint32_t abi_minor;
} routerd_handshake_t;

/*
 * The entry symbol. The host calls it twice:
 *  1. host == NULL, api == NULL: the plugin only fills *handshake (nothing else runs before
 *     the versions are checked);
 *  2. with the host's table: the plugin registers itself with api->register_plugin.
 * Return ROUTERD_OK, or an error (after api->set_error) to refuse loading.
 */
typedef routerd_status_t (*routerd_plugin_entry_fn)(routerd_handshake_t* handshake,
                                                    routerd_host_t* host,
                                                    const routerd_host_api_t* api);

#ifdef __cplusplus
}
#endif

#endif /* ROUTERD_PLUGIN_H */
