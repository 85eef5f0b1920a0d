/* meta_main.c - the configure-time helper `racekit-meta <case-dir>`: the
 * same check as `racekit meta`, built by CMake before the harness exists. */
#include "commands.h"

int main(int argc, char **argv) { return rk_cmd_meta(argc, argv); }
