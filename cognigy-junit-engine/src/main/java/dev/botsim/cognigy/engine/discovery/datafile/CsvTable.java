package dev.botsim.cognigy.engine.discovery.datafile;

import dev.botsim.cognigy.engine.discovery.rules.CaseRules;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Excerpt;
import dev.botsim.cognigy.engine.support.Suggestions;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.dataformat.csv.CsvFactory;

/**
 * Reads a CSV file (RFC 4180, header row required) into one case node per row, shaped like a YAML
 * case, so that the same binder validates both. Jackson's CSV parser does the quoting; each cell
 * keeps the line it starts on, which stays right after quoted cells spanning several lines.
 */
final class CsvTable {

    static final List<String> COLUMNS = List.of("id", "utterance", "intent", "next_flow", "response_contains",
            "entities", "user", "tags", "not_intent", "intent_min_score", "response_matches", "error_code", "platform", "locale", "approved",
            "response_contains_any", "response_not_contains", "no_intent", "external_id");

    /** Columns holding several texts, separated by ';' as entities are: a text with a comma would need quoting anyway. */
    private static final Set<String> TEXT_LIST_COLUMNS = Set.of("response_contains_any", "response_not_contains");

    private static final Set<String> CASE_COLUMNS = Set.of("id", "utterance", "user", "platform", "locale", "external_id");

    /** One data row: the case node, and whether its cells already had a problem. */
    record Row(Node.Mapping node, int line, boolean intact) {
    }

    private record Cell(String text, Loc loc) {
    }

    private final Problems problems;

    private CsvTable(Problems problems) {
        this.problems = problems;
    }

    /** The rows; reports header and cell problems, and a syntax error after the rows read before it. */
    static List<Row> read(CsvFactory factory, String text, Problems problems) {
        return new CsvTable(problems).run(factory, text);
    }

    private List<Row> run(CsvFactory factory, String text) {
        List<List<Cell>> records = new ArrayList<>();
        try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), text)) {
            try {
                readRecords(parser, records);
            } catch (JacksonException e) {
                SyntaxErrors.report(e, parser, Format.CSV, text, problems);
                // The row the error is in was cut short: its missing cells are not news.
                if (!records.isEmpty()) {
                    records.remove(records.size() - 1);
                }
            }
        }
        records.removeIf(CsvTable::isBlank);
        if (records.isEmpty()) {
            if (problems.isEmpty()) {
                problems.add(Loc.START, "the file is empty — start with the header row id,utterance,intent,...");
            }
            return List.of();
        }
        List<String> header = header(records.get(0));
        if (header == null) {
            return List.of();
        }
        List<List<Cell>> data = records.subList(1, records.size());
        int named = named(header);
        Set<List<Cell>> unread = unnamedValues(records.get(0), named, data);
        List<Row> rows = new ArrayList<>();
        for (List<Cell> record : data) {
            rows.add(row(header, named, record, !unread.contains(record)));
        }
        return rows;
    }

    /**
     * How many columns the header names: all but the empty cells at its end. Excel saves a column that was once
     * formatted and left empty as an empty header cell ({@code id,utterance,intent,,,}), and each row's cells under it
     * as empty ones, or not at all.
     */
    private static int named(List<String> header) {
        int named = header.size();
        while (named > 0 && header.get(named - 1).isEmpty()) named--;
        return named;
    }

    /** {@code cells} without the empty ones at its end, which Excel adds for a column once formatted and left empty. */
    private static List<Cell> withoutEmptyEnd(List<Cell> cells) {
        int end = cells.size();
        while (end > 1 && (cells.get(end - 1).text() == null || cells.get(end - 1).text().isBlank())) end--;
        return cells.subList(0, end);
    }

    /**
     * The rows holding a value under an empty header cell at the header's end, reported once per such column at the
     * first of them: the value would not be read, so those rows are left out. Empty everywhere, the column is Excel's
     * leftover and is no problem.
     */
    private Set<List<Cell>> unnamedValues(List<Cell> header, int named, List<List<Cell>> data) {
        Set<List<Cell>> unread = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int column = named; column < header.size(); column++) {
            Cell first = null;
            int more = 0;
            for (List<Cell> record : data) {
                if (column >= record.size() || record.get(column).text() == null || record.get(column).text().isBlank()) {
                    continue;
                }
                unread.add(record);
                if (first == null) first = record.get(column);
                else more++;
            }
            if (first != null) {
                problems.add(first.loc(), "column " + (column + 1) + " has no name in the header, but the row at line "
                        + first.loc().line() + " has '" + ConsoleText.visible(Excerpt.of(first.text().strip(), 40)) + "' in it"
                        + (more == 0 ? "" : " (and " + more + (more == 1 ? " more row" : " more rows") + ")")
                        + ", which is not read — name the column in the header, or clear its cells");
            }
        }
        return unread;
    }

    private static void readRecords(JsonParser parser, List<List<Cell>> records) {
        int depth = 0;
        List<Cell> current = null;
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            if (token == JsonToken.START_ARRAY) {
                depth++;
                if (depth == 2) {
                    current = new ArrayList<>();
                    records.add(current);
                }
            } else if (token == JsonToken.END_ARRAY) {
                depth--;
            } else if (token.isScalarValue() && current != null) {
                current.add(new Cell(lineBreaks(parser.getString()), Loc.of(parser.currentTokenLocation())));
            }
        }
    }

    /**
     * A quoted cell's line breaks as {@code \n}, as YAML reads them: a file checked out with Windows line ends (git's
     * {@code core.autocrlf}) or saved by Excel says the same as the file saved with {@code \n}, so the message sent, its
     * recording and its approved answer do not depend on the machine.
     */
    private static String lineBreaks(String cell) {
        return cell == null || cell.indexOf('\r') < 0 ? cell : cell.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static boolean isBlank(List<Cell> record) {
        return record.stream().allMatch(cell -> cell.text() == null || cell.text().isBlank());
    }

    /**
     * The way out for a column CSV does not have when it is a key of the YAML and JSON format: named as one, with where
     * to write it. Empty for any other name, which gets the likely column.
     */
    private static Optional<String> otherFormatsKey(String name) {
        String key = name.toLowerCase(java.util.Locale.ROOT);
        if (key.equals("mode")) {
            return Optional.of("a CSV file has no mode: its cases go through the run's backend (cognigy.backend); write NLU"
                    + " cases in a *.sim.yaml file with 'mode: nlu' (the import command writes them) or run with cognigy.backend=nlu");
        }
        if (key.equals("repeat")) {
            return Optional.of("a CSV file has no repeat: write the case in a *.sim.yaml file with 'repeat:', or repeat every"
                    + " test of the run with cognigy.repeat");
        }
        boolean yamlKey = !COLUMNS.contains(key) && (CaseBinder.CASE_KEYS.contains(key) || CaseBinder.CONVERSATION_KEYS.contains(key)
                || Expectations.KEYS.contains(key) || DocumentBinder.ROOT_KEYS.contains(key));
        if (yamlKey) {
            return Optional.of("'" + key + "' is for *.sim.yaml and *.sim.json files, which CSV's flat rows of single-turn"
                    + " cases cannot hold: write this case in one of those");
        }
        return Optional.empty();
    }

    /** The column names, or {@code null} when the header cannot be used at all. */
    private List<String> header(List<Cell> cells) {
        Optional<String> excelLine = excelSeparatorLine(withoutEmptyEnd(cells));
        if (excelLine.isPresent()) {
            problems.add(cells.get(0).loc(), "the first line '" + CaseRules.shorten(excelLine.get()) + "' is Excel's note of the separator,"
                    + " not the header — remove it" + (excelLine.get().equals("sep=,") ? ""
                    : " and save the file as CSV (comma-separated)"));
            return null;
        }
        Optional<String> separator = otherSeparator(withoutEmptyEnd(cells));
        if (separator.isPresent()) {
            String one = separator.get().equals("\t") ? "tab" : "'" + separator.get() + "'";
            problems.add(cells.get(0).loc(), "the header separates its columns with " + one + "s, not commas — replace"
                    + " each " + one + " between cells with ',', or save the file as comma-separated CSV in UTF-8 (Excel's"
                    + " 'CSV UTF-8 (Comma delimited)', with ',' as the list separator)");
            return null;
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        // The columns an unknown one was reported as a misspelling of: that one of them is missing is not news.
        Set<String> misspelt = new HashSet<>();
        int named = withoutEmptyEnd(cells).size();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            String name = cell.text() == null ? "" : cell.text().strip();
            names.add(name);
            if (name.isEmpty() && i >= named) {
                // Excel's leftover of a column once formatted: no problem while no row has a value under it.
                continue;
            }
            if (name.isEmpty()) {
                problems.add(cell.loc(), "empty column name in the header — name every column (id,utterance,...) or"
                        + " remove the extra comma");
            } else if (!COLUMNS.contains(name)) {
                Optional<String> otherFormats = otherFormatsKey(name);
                if (otherFormats.isEmpty()) Suggestions.closest(name, COLUMNS).ifPresent(misspelt::add);
                problems.add(cell.loc(), "unknown column '" + CaseRules.shorten(name) + "' in the header — "
                        + otherFormats.orElseGet(() -> Suggestions.hint(name, COLUMNS)));
            } else if (!seen.add(name)) {
                problems.add(cell.loc(), "column '" + CaseRules.shorten(name) + "' appears twice in the header — keep one");
            }
        }
        Loc at = cells.get(0).loc();
        boolean usable = true;
        for (String required : List.of("id", "utterance")) {
            if (!names.contains(required)) {
                if (!misspelt.contains(required)) {
                    problems.add(at, "the header has no '" + required + "' column — the first row must name the columns,"
                            + " at least id,utterance");
                }
                usable = false;
            }
        }
        return usable ? names : null;
    }

    /**
     * Excel's {@code sep=;} first line, as written ({@code sep=,} reads as the cells {@code sep=} and an empty one), given
     * without the empty cells at its end: it names the separator for Excel and is no header, so the three problems a
     * header would get (no {@code id}, no {@code utterance}, an unknown column) would not say what to do. A tab-separated
     * file's {@code sep=<tab>} is given as {@code sep=\t}.
     */
    private static Optional<String> excelSeparatorLine(List<Cell> cells) {
        String written = cells.get(0).text() == null ? "" : cells.get(0).text().stripLeading();
        String first = written.strip();
        if (cells.size() != 1 || !first.regionMatches(true, 0, "sep=", 0, 4)) {
            return Optional.empty();
        }
        if (first.length() == 5) {
            return Optional.of(first);
        }
        if (first.length() != 4) {
            return Optional.empty();
        }
        // A tab-separated file's sep=<tab>: stripping took the tab, which is no comma.
        return Optional.of(written.startsWith("\t", 4) ? first + "\\t" : first + ",");
    }

    /**
     * The separator of a header written with another one than the comma, as spreadsheets in many locales save CSV
     * ({@code id;utterance}): one cell that splits into column names at a semicolon, tab or bar; that character.
     */
    private static Optional<String> otherSeparator(List<Cell> cells) {
        if (cells.size() != 1) return Optional.empty();
        for (String separator : List.of(";", "\t", "|")) {
            List<String> names = Arrays.stream(cells.get(0).text().split(Pattern.quote(separator)))
                    .map(name -> name.strip().toLowerCase(Locale.ROOT)).toList();
            if (names.contains("id") && names.contains("utterance")) {
                return Optional.of(separator);
            }
        }
        return Optional.empty();
    }

    /**
     * @param named  how many columns the header names: a row may leave out the cells of the empty header cells at its
     *               end, as Excel does for a column once formatted and left empty
     * @param intact whether the row's cells were read whole (none under an unnamed column)
     */
    private Row row(List<String> header, int named, List<Cell> cells, boolean intact) {
        Loc loc = cells.get(0).loc();
        if (cells.size() > header.size()) {
            problems.add(cells.get(header.size()).loc(), "the row at line " + loc.line() + " has " + cells(cells.size())
                    + " but the header has " + header.size() + " — quote cells that contain commas (\"a, b\")");
            intact = false;
        } else if (cells.size() < named) {
            problems.add(loc, "the row at line " + loc.line() + " has " + cells(cells.size()) + " but the header "
                    + (named == header.size() ? "has " + named : "names " + named + " columns")
                    + " — add the missing cells (leave them empty between commas)");
            intact = false;
        }
        List<Node.Field> caseFields = new ArrayList<>();
        List<Node.Field> expectFields = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < Math.min(cells.size(), header.size()); i++) {
            String column = header.get(i);
            Cell cell = cells.get(i);
            String text = cell.text().strip();
            // Unknown and repeated columns are reported at the header; their cells are not read.
            if (text.isEmpty() || !COLUMNS.contains(column) || !used.add(column)) {
                continue;
            }
            if (CASE_COLUMNS.contains(column)) {
                caseFields.add(new Node.Field(column, cell.loc(), new Node.Scalar(Node.Kind.TEXT, text, text, cell.loc())));
            } else if (column.equals("tags")) {
                caseFields.add(new Node.Field(column, cell.loc(), tags(text, cell.loc())));
            } else if (column.equals("entities")) {
                Node entities = entities(text, cell.loc(), loc.line());
                intact &= !(entities instanceof Node.Rejected);
                expectFields.add(new Node.Field(column, cell.loc(), entities));
            } else if (column.equals("approved")) {
                expectFields.add(new Node.Field(column, cell.loc(), approved(text, cell.loc())));
            } else if (TEXT_LIST_COLUMNS.contains(column)) {
                expectFields.add(new Node.Field(column, cell.loc(), textList(text, cell.loc())));
            } else if (column.equals("no_intent")) {
                // A spreadsheet's boolean column says FALSE in the rows that expect an intent: as an empty cell, no check.
                if (!text.equalsIgnoreCase("false")) expectFields.add(new Node.Field(column, cell.loc(), flag(text, cell.loc())));
            } else if (column.equals("intent_min_score")) {
                expectFields.add(new Node.Field(column, cell.loc(), number(text, cell.loc())));
            } else {
                expectFields.add(new Node.Field(column, cell.loc(), new Node.Scalar(Node.Kind.TEXT, text, text, cell.loc())));
            }
        }
        if (!expectFields.isEmpty()) {
            caseFields.add(new Node.Field("expect", loc, new Node.Mapping(expectFields, true, loc)));
        }
        return new Row(new Node.Mapping(caseFields, true, loc), loc.line(), intact);
    }

    private static String cells(int count) {
        return count == 1 ? "1 cell" : count + " cells";
    }

    /**
     * {@code smoke orders} or {@code smoke;orders}: ';' separates the items of every other list cell, so it separates
     * tags too rather than making one tag of {@code smoke;orders}. An empty one is left for the reader to report.
     */
    private static Node tags(String text, Loc loc) {
        List<Node> items = new ArrayList<>();
        for (String tag : text.split("\\s*;\\s*|\\s+", -1)) {
            items.add(new Node.Scalar(Node.Kind.TEXT, tag, tag, loc));
        }
        return new Node.Sequence(items, true, loc);
    }

    /**
     * {@code true}/{@code false}, or the approved fields separated by spaces ({@code intent next_flow}), as a YAML case
     * writes {@code approved: true} or {@code approved: [intent, next_flow]}.
     */
    private static Node approved(String text, Loc loc) {
        if (isBoolean(text)) return flag(text, loc);
        List<Node> items = new ArrayList<>();
        for (String field : text.split("\\s+")) {
            items.add(new Node.Scalar(Node.Kind.TEXT, field, field, loc));
        }
        return new Node.Sequence(items, true, loc);
    }

    /** {@code true}/{@code false} in any case as a boolean, as a YAML case writes {@code no_intent: true}; other text stays text. */
    private static Node flag(String text, Loc loc) {
        return isBoolean(text)
                ? new Node.Scalar(Node.Kind.BOOLEAN, text, Boolean.parseBoolean(text), loc)
                : new Node.Scalar(Node.Kind.TEXT, text, text, loc);
    }

    private static boolean isBoolean(String text) {
        return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
    }

    /** {@code order number;tracking}: texts separated by ';', each trimmed; an empty one is left for the reader to report. */
    private static Node textList(String text, Loc loc) {
        List<Node> items = new ArrayList<>();
        for (String item : text.split(";", -1)) {
            String trimmed = item.strip();
            items.add(new Node.Scalar(Node.Kind.TEXT, trimmed, trimmed, loc));
        }
        return new Node.Sequence(items, true, loc);
    }

    /** {@code order_id=ORD_99;email=a@b.c}; a value may contain '=', the name may not. */
    private Node entities(String text, Loc loc, int line) {
        List<Node.Field> fields = new ArrayList<>();
        boolean ok = true;
        for (String pair : text.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                problems.add(loc, "entity '" + CaseRules.shorten(pair.strip()) + "' in the row at line " + line + " has no '=' — write"
                        + " entities as name=value pairs separated by ';', e.g. order_id=ORD_99;email=a@b.c");
                ok = false;
                continue;
            }
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            if (name.isEmpty() || value.isEmpty()) {
                problems.add(loc, "entity '" + CaseRules.shorten(pair.strip()) + "' in the row at line " + line + " needs both a name and"
                        + " a value — write name=value");
                ok = false;
                continue;
            }
            fields.add(new Node.Field(name, loc, new Node.Scalar(Node.Kind.TEXT, value, value, loc)));
        }
        return ok ? new Node.Mapping(fields, true, loc) : new Node.Rejected(loc);
    }

    /** A cell is text; a score column becomes a number when it reads as one, else the binder reports it. */
    private static Node number(String text, Loc loc) {
        try {
            BigDecimal value = new BigDecimal(text);
            return new Node.Scalar(Node.Kind.DECIMAL, text, value.doubleValue(), loc);
        } catch (NumberFormatException e) {
            return new Node.Scalar(Node.Kind.TEXT, text, text, loc);
        }
    }
}
