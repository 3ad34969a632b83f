package dev.botsim.cognigy.engine.audit;

/**
 * One thing the verifier found wrong with a trail, or worth an auditor's attention.
 *
 * @param record the record's index (from 0), or {@link #WHOLE_TRAIL} when it concerns no single record
 * @param kind   what is wrong
 * @param detail what was found, in words
 */
public record Anomaly(int record, Kind kind, String detail) {

    /** The record number of an anomaly about the trail as a whole (a missing checkpoint). */
    public static final int WHOLE_TRAIL = -1;

    /** What is wrong. Every kind but {@link #TRUNCATED_TAIL} breaks the trail. */
    public enum Kind {
        /** The file ends inside a line: an interrupted write not yet quarantined, or truncation. */
        INCOMPLETE_RECORD("incomplete record", true),
        /** The line is not a JSON object (nor UTF-8 text): it cannot be read as a record at all. */
        NON_JSON_RECORD("non-JSON record", true),
        /** A JSON object, but not laid out as the appender writes a record (fields missing, misplaced or of the wrong form). */
        MALFORMED_RECORD("malformed record", true),
        /** {@code seq} is there but is not a whole number from 0. */
        NON_NUMERIC_SEQ("non-numeric seq", true),
        /** {@code seq} is a whole number beyond any count of records (more than 2^63 - 1). */
        OVERSIZED_SEQ("oversized seq", true),
        /** {@code seq} does not follow the previous record's: a record is missing, added or moved. */
        NON_CONSECUTIVE_SEQ("non-consecutive seq", true),
        /** The record does not hash to its own {@code hash}: it was altered. */
        BAD_SELF_HASH("bad self hash", true),
        /** {@code prev_hash} is not the hash of the line before: the chain is broken here. */
        BROKEN_LINK("broken link", true),
        /**
         * A partial line that an interrupted writer left, quarantined by the next append. The chain over it is
         * intact and the record is the appender's own account of a crash, so it is reported, never hidden, but does
         * not break the trail: failing it would leave the trail failing for good, and a later forgery would go
         * unnoticed behind a verdict that is already red.
         */
        TRUNCATED_TAIL("truncated tail", false),
        /**
         * A second record of a batch already recorded, with another verdict or figures: the appender records a batch once,
         * and again only when the record it finds reads otherwise than its run — one written ahead of the run with its
         * batch id, or altered. Both records are in the chain, so it is reported, never hidden, without breaking the trail
         * (an altered record breaks it on its own); the checkpoint the run reported names the record that is its own.
         */
        REPEATED_BATCH("batch recorded again", false),
        /**
         * Trails verified together, oldest first, do not join: a trail's first record is no {@code CONTINUATION} of the one
         * before, or names another record count or head than that one has.
         */
        BROKEN_CONTINUATION("broken continuation", true),
        /** The head hash expected from a checkpoint kept elsewhere hashes no record: history was rewritten or cut off. */
        HEAD_MISMATCH("head mismatch", true);

        private final String label;
        private final boolean breaksTrail;

        Kind(String label, boolean breaksTrail) {
            this.label = label;
            this.breaksTrail = breaksTrail;
        }

        /** How the kind is named in the verifier's output. */
        public String label() {
            return label;
        }

        public boolean breaksTrail() {
            return breaksTrail;
        }
    }

    public boolean breaksTrail() {
        return kind.breaksTrail();
    }

    /** One line: {@code BROKEN at record 3: broken link: …}, or {@code WARNING at record …}. */
    @Override
    public String toString() {
        String severity = breaksTrail() ? "BROKEN" : "WARNING";
        String where = record == WHOLE_TRAIL ? "" : " at record " + record;
        return severity + where + ": " + kind.label() + ": " + detail;
    }
}
