/* exit/status-3: fails quietly. */
int main(void)
{
    return 3;
}
