package dev.botsim.cognigy.engine.discovery.datafile;

import java.util.List;

/**
 * The parsed document with a position on every node. Jackson's own tree drops locations, and every
 * problem has to name a line and column, hence this small tree.
 */
sealed interface Node {

    Loc loc();

    /** What the node is, in words for messages ("a list"). */
    String describe();

    /** One {@code key: value} pair; duplicates are kept so they can be reported. */
    record Field(String name, Loc keyLoc, Node value) {
    }

    /**
     * @param complete false when a syntax error cut the mapping short: its missing parts are not
     *                 reported again
     */
    record Mapping(List<Field> fields, boolean complete, Loc loc) implements Node {
        public Mapping {
            fields = List.copyOf(fields);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(List<Node> items, boolean complete, Loc loc) implements Node {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    enum Kind { TEXT, INTEGER, DECIMAL, BOOLEAN, NULL }

    /**
     * @param text    the scalar as written ({@code 3.70} stays {@code 3.70})
     * @param value   String, Long, BigInteger, Double, BigDecimal, Boolean or null
     * @param comment where a YAML comment written {@code #like_this} (no space after the {@code #}) cut an unquoted
     *                scalar short, or {@code null}: more likely part of the text than a note (see {@link CutByComment})
     */
    record Scalar(Kind kind, String text, Object value, Loc loc, Loc comment) implements Node {
        Scalar(Kind kind, String text, Object value, Loc loc) {
            this(kind, text, value, loc, null);
        }

        @Override
        public String describe() {
            return switch (kind) {
                case TEXT -> text.isEmpty() ? "empty" : "text";
                case INTEGER, DECIMAL -> "a number";
                case BOOLEAN -> "true/false";
                case NULL -> "empty";
            };
        }
    }

    /** A node that was refused while parsing (a YAML alias or tag); its problem is already reported. */
    record Rejected(Loc loc) implements Node {
        @Override
        public String describe() {
            return "a rejected value";
        }
    }
}
