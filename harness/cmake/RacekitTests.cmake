# How each stage registers its own tests (harness/<stage>/tests/).

# racekit_unit_test(<name> <stage> <sources...>) - a C test program linked
# with its stage's library (and so every stage below); it fails (exit 1)
# with one line per broken check. Test name harness/<name>, labels
# `harness` and the stage; RK_DATA_DIR is the data/ folder beside it.
function(racekit_unit_test name stage)
  add_executable(${name} ${ARGN})
  target_link_libraries(${name} PRIVATE rk_${stage})
  target_include_directories(${name} PRIVATE "${PROJECT_SOURCE_DIR}/harness")
  target_compile_definitions(${name} PRIVATE RK_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/data")
  target_compile_options(${name} PRIVATE ${RACEKIT_WARNINGS})
  add_test(NAME harness/${name} COMMAND ${name})
  set_tests_properties(harness/${name} PROPERTIES LABELS "harness;${stage}")
endfunction()

# racekit_e2e_test(<name> <stage> [CORPUS] [TIMEOUT s] [LABELS l...] COMMAND
# <command>...) - an end-to-end script of a stage, run through `racekit
# cached` (RACEKIT_CACHED_CORPUS when it reads cases/). Test name
# harness/<name>, labels `harness`, the stage and LABELS.
function(racekit_e2e_test name stage)
  cmake_parse_arguments(PARSE_ARGV 2 arg "CORPUS" "TIMEOUT" "LABELS;COMMAND")
  set(cached ${RACEKIT_CACHED})
  if(arg_CORPUS)
    set(cached ${RACEKIT_CACHED_CORPUS})
  endif()
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 300)
  endif()
  add_test(NAME harness/${name} COMMAND ${cached} ${arg_COMMAND})
  set_tests_properties(harness/${name} PROPERTIES LABELS "harness;${stage};${arg_LABELS}" TIMEOUT ${arg_TIMEOUT})
endfunction()

# The python3 the tests run, resolved once here past any shim: pyenv's
# shim is a bash script that forks a dozen processes before it starts
# Python: 0.5 s of CPU a start against 0.1 s for Python itself on this
# kit's 2-core test machine, and the
# end-to-end scripts and the hostile suite start Python hundreds of times.
# Its folder goes first on every test's PATH (what `pyenv exec` does
# itself), so the scripts and the ci/ scripts they call start the same
# interpreter directly.
find_program(RACEKIT_TEST_PYTHON3 NAMES python3 DOC "python3 of the kit's end-to-end tests")
set(RACEKIT_TEST_PATH_PREPEND "")
if(RACEKIT_TEST_PYTHON3)
  execute_process(COMMAND "${RACEKIT_TEST_PYTHON3}" -c "import os, sys; print(os.path.dirname(sys.executable))"
                  OUTPUT_VARIABLE _racekit_python_dir OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _rc)
  get_filename_component(_racekit_found_dir "${RACEKIT_TEST_PYTHON3}" DIRECTORY)
  if(_rc EQUAL 0 AND IS_DIRECTORY "${_racekit_python_dir}" AND NOT _racekit_python_dir STREQUAL _racekit_found_dir)
    set(RACEKIT_TEST_PATH_PREPEND "${_racekit_python_dir}")
  endif()
endif()

# racekit_test_python(<test>...) - the tests start that Python.
function(racekit_test_python)
  if(RACEKIT_TEST_PATH_PREPEND)
    set_property(TEST ${ARGN} APPEND PROPERTY ENVIRONMENT_MODIFICATION "PATH=path_list_prepend:${RACEKIT_TEST_PATH_PREPEND}")
  endif()
endfunction()

# Longest first. In a first run CTest has no recorded times and starts the
# tests in the order of their COST, else in the order they were added: the
# long ones (lint/corpus, install/course, the end-to-end scripts) came last
# and ran alone while the other core idled (docs/performance.md). Once every
# test of the folder that calls this is added, each gets its TIMEOUT as COST
# unless it set one. Every test of the folder gets the Python folder first
# on its PATH (above).
function(_racekit_cost_by_timeout)
  get_property(tests DIRECTORY PROPERTY TESTS)
  foreach(t IN LISTS tests)
    get_test_property("${t}" TIMEOUT timeout)
    get_test_property("${t}" COST cost)
    if(timeout AND NOT cost)
      set_tests_properties("${t}" PROPERTIES COST "${timeout}")
    endif()
    racekit_test_python("${t}")
  endforeach()
endfunction()
macro(racekit_tests_folder)
  cmake_language(DEFER CALL _racekit_cost_by_timeout)
endmacro()
