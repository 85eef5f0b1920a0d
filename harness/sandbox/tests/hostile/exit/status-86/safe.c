/* exit/status-86: looks like a failed check, is not one. */
int main(void)
{
    return 86;
}
