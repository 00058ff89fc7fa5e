package dev.jls.cli;

/** Wording shared by the commands' output. */
public final class Words {

    private Words() {}

    /** {@code n} and the noun, plural unless {@code n} is 1: "1 worker", "0 workers", "2 healthy workers". */
    public static String count(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }
}
