package dev.botsim.cognigy.engine.transport;

/**
 * Words of the transport's for a failure, written twice: as they are said, and as a record of the failure writes them,
 * each value that holds for this run only — a count of attempts or refusals, a wait, an instant — as what stands for it
 * ({@code <n>}, {@code <wait>}, {@code <time>}). A cassette records the second, so recording an unchanged bot again
 * writes the same bytes. Both are made in one place, from the same words: a message reworded here cannot leave its
 * record's rule behind, as a pattern matched against the said text elsewhere would be left.
 *
 * @param said     the words as a person reads them, the values in them
 * @param recorded the same words with what stands for each value of this run
 */
record Phrase(String said, String recorded) {

    /** Words that hold for any run. */
    static Phrase of(String words) {
        return new Phrase(words, words);
    }

    /** These words, then {@code words}, which hold for any run. */
    Phrase and(String words) {
        return new Phrase(said + words, recorded + words);
    }

    /** These words, then {@code more}. */
    Phrase and(Phrase more) {
        return new Phrase(said + more.said, recorded + more.recorded);
    }

    /** These words, then {@code value}, which holds for this run only: a record writes {@code writtenAs} instead. */
    Phrase varying(Object value, String writtenAs) {
        return new Phrase(said + value, recorded + writtenAs);
    }
}
