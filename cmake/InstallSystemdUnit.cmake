# Installs routerd's systemd unit (etc/routerd.service.in), its sysusers.d file and, when there
# is none yet, a configuration file, with the paths of the prefix being installed to. Runs at
# install time (install(SCRIPT) in the top CMakeLists.txt), not at configure time, so that
# `cmake --install build --prefix /usr` writes /usr/sbin/routerd into ExecStart rather than the
# configure-time prefix's /usr/local/sbin/routerd.
# In (set by the top CMakeLists.txt): ROUTERD_SOURCE_DIR, ROUTERD_BINARY_DIR, and
# ROUTERD_{SBIN,SYSCONF,DOC,SYSTEMD_UNIT,SYSUSERS}_DIR and ROUTERD_PLUGIN_INSTALL_DIR, each relative to the prefix (as
# GNUInstallDirs gives them) or absolute.

# The absolute directory `dir` names under CMAKE_INSTALL_PREFIX. As GNUInstallDirs does, the
# configuration of the /usr prefix (and of /) lives in /etc, that of /opt/NAME in /etc/opt/NAME.
function(routerd_install_dir out dir kind)
  if(IS_ABSOLUTE "${dir}")
    set(path "${dir}")
  elseif(kind STREQUAL "sysconf" AND CMAKE_INSTALL_PREFIX MATCHES "^/(usr/?)?$")
    set(path "/${dir}")
  elseif(kind STREQUAL "sysconf" AND CMAKE_INSTALL_PREFIX MATCHES "^/opt/")
    set(path "/${dir}${CMAKE_INSTALL_PREFIX}")
  else()
    set(path "${CMAKE_INSTALL_PREFIX}/${dir}")
  endif()
  string(REGEX REPLACE "/+" "/" path "${path}")
  set(${out} "${path}" PARENT_SCOPE)
endfunction()

routerd_install_dir(ROUTERD_SBINDIR "${ROUTERD_SBIN_DIR}" plain)
routerd_install_dir(sysconfdir "${ROUTERD_SYSCONF_DIR}" sysconf)
routerd_install_dir(ROUTERD_PLUGINDIR "${ROUTERD_PLUGIN_INSTALL_DIR}" plain)
routerd_install_dir(ROUTERD_DOCDIR "${ROUTERD_DOC_DIR}" plain)
routerd_install_dir(unitdir "${ROUTERD_SYSTEMD_UNIT_DIR}" plain)
routerd_install_dir(sysusersdir "${ROUTERD_SYSUSERS_DIR}" plain)
set(ROUTERD_CONFIG "${sysconfdir}/routerd/routerd.toml")

set(generated "${ROUTERD_BINARY_DIR}/install-unit")
configure_file("${ROUTERD_SOURCE_DIR}/etc/routerd.service.in" "${generated}/routerd.service"
               @ONLY)
file(INSTALL DESTINATION "${unitdir}" TYPE FILE FILES "${generated}/routerd.service")
file(INSTALL DESTINATION "${sysusersdir}" TYPE FILE RENAME routerd.conf
     FILES "${ROUTERD_SOURCE_DIR}/etc/routerd.sysusers")
# The operator's configuration is never overwritten.
if(NOT EXISTS "$ENV{DESTDIR}${ROUTERD_CONFIG}")
  file(INSTALL DESTINATION "${sysconfdir}/routerd" TYPE FILE
       FILES "${ROUTERD_SOURCE_DIR}/etc/routerd.toml")
endif()
