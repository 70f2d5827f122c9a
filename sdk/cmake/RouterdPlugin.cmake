# routerd_add_plugin(<target> SOURCES <files...> [LIBRARIES <libs...>])
#
# Builds a routerd plugin: a shared object named <target>.so with hidden visibility (only the
# entry symbol is exported) and no undefined symbols. Used by first-party plugins and, through
# find_package(routerd-sdk), by vendors out of tree.
function(routerd_add_plugin target)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE routerd::sdk ${ARG_LIBRARIES})
  target_link_options(${target} PRIVATE -Wl,-z,defs)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(DEFINED ROUTERD_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ROUTERD_PLUGIN_OUTPUT_DIR})
  endif()
  if(DEFINED ROUTERD_PLUGIN_INSTALL_DIR)
    install(TARGETS ${target} LIBRARY DESTINATION ${ROUTERD_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
