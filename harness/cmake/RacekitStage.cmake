# racekit_stage(<stage> SOURCES <file>... [DEPENDS <stage>...]) - the
# library rk_<stage> of harness/<stage>/, built from its own files and
# linked with the stages it stands on (only those below it: the order is in
# harness/CMakeLists.txt). Includes resolve from harness/ ("judge/judge.h")
# and the generated config.h; each folder includes another only through
# its door, <stage>/<stage>.h.
function(racekit_stage stage)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;DEPENDS")
  add_library(rk_${stage} STATIC ${arg_SOURCES})
  target_include_directories(rk_${stage} PUBLIC "${PROJECT_SOURCE_DIR}/harness" "${PROJECT_BINARY_DIR}/harness")
  target_compile_options(rk_${stage} PRIVATE ${RACEKIT_WARNINGS})
  foreach(dep IN LISTS arg_DEPENDS)
    target_link_libraries(rk_${stage} PUBLIC rk_${dep})
  endforeach()
endfunction()
