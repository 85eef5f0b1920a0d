/* library/strtok (unsafe): two threads split their own strings with strtok.
 *
 * strtok(line, ",") remembers where it stopped so that strtok(NULL, ",")
 * can go on from there - in ONE hidden static pointer inside the C library,
 * shared by every thread. Thread 0 takes the first word of its line; thread
 * 1 then starts on its own line, which moves the hidden pointer into thread
 * 1's line; thread 0's next strtok(NULL, ",") continues there and returns
 * thread 1's words. The ordering barrier forces that order on every run. */
#include "racekit.h"

enum { WORDS = 3, WORD_LEN = 16 };

static char lines[2][32] = { "red,green,blue", "one,two,three" };
static const char *expected[2][WORDS] = {
    { "red", "green", "blue" },
    { "one", "two", "three" },
};
static char words[2][WORDS][WORD_LEN]; /* what each thread found */
static int found[2];
static racekit_order order;

static void split(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* 1: thread 0 has its first word */
    char *word = strtok(lines[index], ",");
    if (index == 0) {
        racekit_order_wait(&order); /* 1 */
        racekit_order_wait(&order); /* 2: thread 1 has its first word */
    } else {
        racekit_order_wait(&order); /* 2 */
        racekit_order_wait(&order); /* 3: thread 0 has finished its line */
    }
    int n = 0;
    while (word != NULL) {
        if (n < WORDS)
            snprintf(words[index][n], WORD_LEN, "%s", word);
        n++;
        word = strtok(NULL, ",");
    }
    found[index] = n;
    if (index == 0)
        racekit_order_wait(&order); /* 3 */
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, split, NULL);
    for (int t = 0; t < 2; t++) {
        printf("thread %d found %d words:", t, found[t]);
        for (int w = 0; w < found[t] && w < WORDS; w++)
            printf(" %s", words[t][w]);
        printf("\n");
    }
    for (int t = 0; t < 2; t++) {
        RACEKIT_CHECK(found[t] == WORDS, "thread %d found %d words, expected %d", t, found[t], WORDS);
        for (int w = 0; w < WORDS; w++)
            RACEKIT_CHECK(strcmp(words[t][w], expected[t][w]) == 0,
                          "thread %d word %d is \"%s\", expected \"%s\"",
                          t, w, words[t][w], expected[t][w]);
    }
    return 0;
}
