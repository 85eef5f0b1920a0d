# racekit_add_cases(<cases-dir>) - register two CTest tests per case folder
# <cases-dir>/<topic>/<name>/ and detector: "<topic>/<name>/unsafe" and
# ".../safe" for the default detector (tsan), "<detector>/<topic>/<name>/..."
# for the others, labelled with the variant, the topic and the detector,
# each running `racekit check --detector <d> <case-dir> <variant>`. Adding a case is adding a folder:
# the globs below make the build re-run CMake when folders come and go.
#
# A folder with a missing file or bad front matter is reported here, with
# its path and the problem, and its tests are still registered: they fail
# with the same message while every other case builds and runs.
#
# In the kit's own build the racekit target runs the tests. A course
# repository gets this file from the installed package (find_package(racekit),
# see racekitConfig.cmake.in), which sets RACEKIT_EXECUTABLE and
# RACEKIT_META_COMMAND to the installed racekit. Each test passes its cases
# root (--cases-root) and the project's build tree (RACEKIT_BUILD_DIR), so
# results and compiled variants stay in the course's build tree.

# How to run `racekit meta` at configure time: the installed racekit, or a
# small helper compiled now from the harness's own front matter parser.
function(_racekit_meta_command out)
  set(tool "${PROJECT_BINARY_DIR}/racekit-meta")
  if(RACEKIT_META_COMMAND AND NOT RACEKIT_META_COMMAND STREQUAL tool)
    set(${out} "${RACEKIT_META_COMMAND}" PARENT_SCOPE)
    return()
  endif()
  # A helper left from older sources would misread the front matter, so it
  # is rebuilt whenever what it is built from changed: its sources, the
  # harness headers, config.h, the compiler or the flags (configure re-runs
  # when any of these files changes). Rebuilding it at every configure cost
  # 1-2 s of each `cmake --workflow` (docs/performance.md).
  set(srcs ${RACEKIT_META_SOURCES} "${PROJECT_SOURCE_DIR}/harness/cli/meta_main.c")
  file(GLOB headers "${PROJECT_SOURCE_DIR}/harness/*/*.h")
  set(flags -std=c11 -O1 "-I${PROJECT_SOURCE_DIR}/harness" "-I${PROJECT_BINARY_DIR}/harness")
  set(inputs "${CMAKE_C_COMPILER};${flags}")
  foreach(f IN LISTS srcs headers ITEMS "${PROJECT_BINARY_DIR}/harness/config.h")
    file(SHA256 "${f}" hash)
    string(APPEND inputs ";${f}=${hash}")
  endforeach()
  string(SHA256 stamp "${inputs}")
  set(built "")
  if(EXISTS "${tool}" AND EXISTS "${tool}.stamp")
    file(READ "${tool}.stamp" built)
  endif()
  if(NOT "${built}" STREQUAL "${stamp}")
    file(REMOVE "${tool}.stamp")
    execute_process(
      COMMAND "${CMAKE_C_COMPILER}" ${flags} -o "${tool}" ${srcs}
      RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "racekit: cannot build the configure-time helper:\n${err}")
    endif()
    file(WRITE "${tool}.stamp" "${stamp}")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${srcs} ${headers})
  set(${out} "${tool}" PARENT_SCOPE)
endfunction()

function(_racekit_add_case case_dir racekit_exe meta_cmd detectors witness)
  get_filename_component(name "${case_dir}" NAME)
  get_filename_component(topic_dir "${case_dir}" DIRECTORY)
  get_filename_component(topic "${topic_dir}" NAME)
  get_filename_component(cases_root "${topic_dir}" DIRECTORY)
  execute_process(COMMAND ${meta_cmd} "${case_dir}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
    ERROR_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(WARNING "${err}")
  endif()
  if(EXISTS "${case_dir}/README.md")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${case_dir}/README.md")
  endif()
  set(witness_args "")
  if(witness GREATER 0)
    set(witness_args --witness ${witness})
  endif()
  # A safe variant the scheduler judges too (see below) runs 100 schedules:
  # among the longest tests of a case, so it starts early in a first run.
  string(REGEX MATCH "(^|\n)expect=([^\n]*)" expect_line "${out}")
  set(safe_cost 0)
  if(CMAKE_MATCH_2 MATCHES "(^|[, ])(invariant|hang|lock-order-inversion)([, ]|$)")
    set(safe_cost 200)
  endif()
  foreach(detector IN LISTS detectors)
    # The default detector's tests keep the short names of the contract.
    set(prefix "${detector}/")
    if(detector STREQUAL "tsan")
      set(prefix "")
    endif()
    foreach(variant unsafe safe)
      set(test "${prefix}${topic}/${name}/${variant}")
      # Through `racekit cached`: a variant that passed with the same
      # case folder, racekit, header, hook and compiler is not run again.
      add_test(NAME "${test}" COMMAND "${racekit_exe}" cached --input "${case_dir}" --
               "${racekit_exe}" check --detector ${detector}
               ${witness_args} --cases-root "${cases_root}" "${case_dir}" ${variant})
      # Compile, one run (Valgrind stretches the case's timeout five times)
      # and stack collection on a hang fit in this budget.
      set_tests_properties("${test}" PROPERTIES
        LABELS "${variant};${topic};${detector}"
        SKIP_RETURN_CODE 77
        TIMEOUT 180
        ENVIRONMENT "RACEKIT_BUILD_DIR=${PROJECT_BINARY_DIR}")
      if(variant STREQUAL "safe")
        set_tests_properties("${test}" PROPERTIES COST ${safe_cost})
      endif()
      if(detector STREQUAL "tsan")
        set_property(GLOBAL APPEND PROPERTY RACEKIT_TSAN_CASE_TESTS "${test}")
      endif()
    endforeach()
  endforeach()
  # A case whose bug is an interleaving (its expect lists invariant, hang
  # or lock-order-inversion) is judged by its runs and racekit's scheduler
  # together, inside the tests above (racekit check; docs/outcomes.md,
  # "Two judges"). A lesson on the scheduler's limits (`explore: cannot`)
  # gets two `explore/` tests instead: there the scheduler must say that it
  # cannot run the variant.
  string(REGEX MATCH "(^|\n)explore=([^\n]*)" explore_line "${out}")
  set(explore_key "${CMAKE_MATCH_2}")
  if(explore_key STREQUAL "cannot")
    foreach(variant unsafe safe)
      set(test "explore/${topic}/${name}/${variant}")
      add_test(NAME "${test}" COMMAND "${racekit_exe}" cached --input "${case_dir}" --
               "${racekit_exe}" explore --quiet --schedules 100
               --cases-root "${cases_root}" "${case_dir}" ${variant})
      set_tests_properties("${test}" PROPERTIES
        LABELS "explore;${variant};${topic}"
        SKIP_RETURN_CODE 77
        TIMEOUT 300
        ENVIRONMENT "RACEKIT_BUILD_DIR=${PROJECT_BINARY_DIR}")
    endforeach()
  endif()
endfunction()

# racekit_add_cases(<cases-dir> [DETECTORS <name>...] [WITNESS <runs>]) -
# DETECTORS defaults to RACEKIT_DETECTORS (else tsan), WITNESS to
# RACEKIT_WITNESS_RUNS (else 0: no uninstrumented witness runs).
function(racekit_add_cases cases_dir)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "WITNESS" "DETECTORS")
  set(detectors tsan)
  if(arg_DETECTORS)
    set(detectors ${arg_DETECTORS})
  elseif(RACEKIT_DETECTORS)
    set(detectors ${RACEKIT_DETECTORS})
  endif()
  set(witness 0)
  if(DEFINED arg_WITNESS)
    set(witness ${arg_WITNESS})
  elseif(RACEKIT_WITNESS_RUNS)
    set(witness ${RACEKIT_WITNESS_RUNS})
  endif()
  foreach(detector IN LISTS detectors)
    if(NOT detector MATCHES "^(tsan|tsan-clang16|tsan-clang19|tsan-gcc|helgrind|drd)$")
      message(FATAL_ERROR "racekit: unknown detector '${detector}' in the detector list "
                          "(known: tsan tsan-clang16 tsan-clang19 tsan-gcc helgrind drd)")
    endif()
  endforeach()
  if(TARGET racekit)
    set(racekit_exe "$<TARGET_FILE:racekit>")
  else()
    set(racekit_exe "${RACEKIT_EXECUTABLE}")
  endif()
  _racekit_meta_command(meta_cmd)
  file(GLOB topics LIST_DIRECTORIES true CONFIGURE_DEPENDS "${cases_dir}/*")
  foreach(topic_dir IN LISTS topics)
    if(NOT IS_DIRECTORY "${topic_dir}")
      continue()
    endif()
    file(GLOB cases LIST_DIRECTORIES true CONFIGURE_DEPENDS "${topic_dir}/*")
    foreach(case_dir IN LISTS cases)
      if(IS_DIRECTORY "${case_dir}")
        _racekit_add_case("${case_dir}" "${racekit_exe}" "${meta_cmd}" "${detectors}" "${witness}")
      endif()
    endforeach()
  endforeach()
endfunction()
