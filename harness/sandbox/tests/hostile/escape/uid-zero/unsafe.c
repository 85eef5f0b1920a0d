/* The hostile program is safe.c (see README.md): racekit must give it the
 * right outcome and a clear reason. The case layout needs an unsafe.c too. */
#include "safe.c"
