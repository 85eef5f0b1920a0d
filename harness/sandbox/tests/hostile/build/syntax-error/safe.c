/* build/syntax-error: does not compile. */
int main(void)
{
    return 0 /* COMPILE-ERROR */
}
