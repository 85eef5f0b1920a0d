# RacekitInstall.cmake - what `cmake --install` puts under the prefix, so a
# course repository can use the kit with find_package(racekit):
#
#   bin/racekit                              the harness
#   include/racekit.h                        the header every case includes
#   share/racekit/tsan_hook.c                the report hook, compiled (and
#                                            cached) on first use per compiler
#   share/racekit/work_probe.h               a part of it (the exercises' work probe)
#   share/racekit/hook_channel.h             a part of it (its end of the records channel)
#   share/racekit/explore-runtime/           racekit's scheduler runtime (explore, replay,
#                                            step), compiled on first use per compiler
#   share/racekit/templates/                 skeletons for `racekit new`
#   lib/cmake/racekit/racekitConfig.cmake    find_package(racekit)
#   lib/cmake/racekit/racekitConfigVersion.cmake
#   lib/cmake/racekit/RacekitCases.cmake     racekit_add_cases(<dir>)
#
# The installed racekit finds the header, hook and templates relative to its
# own location (harness/util/paths.c), so the prefix can be moved.
include(CMakePackageConfigHelpers)

set(RACEKIT_CMAKE_DIR "lib/cmake/racekit")

install(TARGETS racekit RUNTIME DESTINATION bin)
install(FILES "${PROJECT_SOURCE_DIR}/include/racekit.h" DESTINATION include)
install(FILES "${PROJECT_SOURCE_DIR}/harness/run/hook/tsan_hook.c" "${PROJECT_SOURCE_DIR}/harness/run/hook/work_probe.h"
              "${PROJECT_SOURCE_DIR}/harness/run/hook/hook_channel.h" DESTINATION share/racekit)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/harness/teach/templates/" DESTINATION share/racekit/templates)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/harness/explore/runtime/" DESTINATION share/racekit/explore-runtime)

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/racekitConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/racekitConfig.cmake"
  INSTALL_DESTINATION "${RACEKIT_CMAKE_DIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/racekitConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/racekitConfig.cmake"
  "${PROJECT_BINARY_DIR}/racekitConfigVersion.cmake"
  "${CMAKE_CURRENT_LIST_DIR}/RacekitCases.cmake"
  DESTINATION "${RACEKIT_CMAKE_DIR}")
