# routerd_add_fuzzer(<target> SOURCES <files...> LIBRARIES <libraries under test...>)
#
# A libFuzzer target (clang, -DROUTERD_FUZZ=ON, in a build folder of its own). The libraries
# under test are instrumented too, so that coverage guides the fuzzer into them, and checked by
# AddressSanitizer and UBSan (any undefined behaviour aborts: a finding like a crash). Every
# fuzzer joins the `routerd_fuzzers` target, which .ci builds and runs briefly.
if(ROUTERD_FUZZ AND NOT TARGET routerd_fuzzers)
  add_custom_target(routerd_fuzzers)
endif()

function(routerd_add_fuzzer target)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  foreach(library ${ARG_LIBRARIES})
    target_compile_options(${library} PRIVATE -fsanitize=fuzzer-no-link,address,undefined
                                              -fno-sanitize-recover=undefined)
  endforeach()
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE ${ARG_LIBRARIES})
  target_compile_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined
                                           -fno-sanitize-recover=undefined)
  target_link_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined)
  add_dependencies(routerd_fuzzers ${target})
endfunction()
