# racekit_add_cases(<cases-dir>) - register two CTest tests per case folder
# <cases-dir>/<topic>/<name>/: "<topic>/<name>/unsafe" and ".../safe",
# labelled with the variant and the topic, each running
# `racekit check <case-dir> <variant>`. Adding a case is adding a folder:
# the globs below make the build re-run CMake when folders come and go.
#
# A folder with a missing file or bad front matter is reported here, with
# its path and the problem, and its tests are still registered: they fail
# with the same message while every other case builds and runs.

# How to run `racekit meta` at configure time: the installed racekit, or a
# small helper compiled now from the harness's own front matter parser.
function(_racekit_meta_command out)
  if(RACEKIT_META_COMMAND)
    set(${out} "${RACEKIT_META_COMMAND}" PARENT_SCOPE)
    return()
  endif()
  set(tool "${PROJECT_BINARY_DIR}/racekit-meta")
  set(srcs ${RACEKIT_META_SOURCES} "${PROJECT_SOURCE_DIR}/harness/meta_main.c")
  execute_process(
    COMMAND "${CMAKE_C_COMPILER}" -std=c11 -O1 "-I${PROJECT_SOURCE_DIR}/harness"
            "-I${PROJECT_BINARY_DIR}/harness" -o "${tool}" ${srcs}
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "racekit: cannot build the configure-time helper:\n${err}")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${srcs})
  set(RACEKIT_META_COMMAND "${tool}" CACHE INTERNAL "racekit meta helper")
  set(${out} "${tool}" PARENT_SCOPE)
endfunction()

function(_racekit_add_case case_dir racekit_exe meta_cmd)
  get_filename_component(name "${case_dir}" NAME)
  get_filename_component(topic_dir "${case_dir}" DIRECTORY)
  get_filename_component(topic "${topic_dir}" NAME)
  set(timeout 10)
  execute_process(COMMAND ${meta_cmd} "${case_dir}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
    ERROR_STRIP_TRAILING_WHITESPACE)
  if(rc EQUAL 0)
    string(REGEX MATCH "timeout=([0-9.]+)" _ "${out}")
    set(timeout "${CMAKE_MATCH_1}")
  else()
    message(WARNING "${err}")
  endif()
  if(EXISTS "${case_dir}/README.md")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${case_dir}/README.md")
  endif()
  # Compile, one run, and stack collection on a hang fit in this budget.
  math(EXPR ctest_timeout "120")
  foreach(variant unsafe safe)
    set(test "${topic}/${name}/${variant}")
    add_test(NAME "${test}" COMMAND "${racekit_exe}" check "${case_dir}" ${variant})
    set_tests_properties("${test}" PROPERTIES
      LABELS "${variant};${topic}"
      SKIP_RETURN_CODE 77
      TIMEOUT ${ctest_timeout}
      ENVIRONMENT "RACEKIT_BUILD_DIR=${PROJECT_BINARY_DIR}")
  endforeach()
endfunction()

function(racekit_add_cases cases_dir)
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
        _racekit_add_case("${case_dir}" "${racekit_exe}" "${meta_cmd}")
      endif()
    endforeach()
  endforeach()
endfunction()
