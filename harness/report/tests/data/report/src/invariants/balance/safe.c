/* fixture invariants/balance (safe): the debit is refused. */
#include "racekit.h"

int main(void)
{
    long balance = 100;
    if (balance >= 150)
        balance -= 150;
    RACEKIT_CHECK(balance >= 0, "balance is %ld <0|&>", balance);
    printf("balance = %ld\n", balance);
    return 0;
}
