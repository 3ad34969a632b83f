package dev.botsim.cognigy.engine.merge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.junit.platform.commons.JUnitException;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.config.NamingStrategy;
import dev.botsim.cognigy.engine.descriptor.ConversationTurnDescriptor;
import dev.botsim.cognigy.engine.descriptor.PlaybookStepDescriptor;
import dev.botsim.cognigy.engine.descriptor.SimulationClassDescriptor;
import dev.botsim.cognigy.engine.discovery.rules.DuplicateTestId;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A split run's results with its test ids kept unique, as one JVM's discovery keeps them
 * ({@link DuplicateTestId}). Each JVM of a split run discovers only its share of the suite — a Surefire fork one class
 * at a time, a shard the classes that kept a test in it — so two data files or classes that use one test id, each run
 * by another JVM, both run as valid tests, and the merge would count both and hand the audit record and the QA
 * platform two results under one id. Here every later use becomes the failing result one JVM gives it: invalid input,
 * its JUnit unique id as its test id, named {@code invalid: duplicate <id> at <place>}, with the message naming every
 * place; a data-file conversation used again is one such result, as one JVM makes the conversation one problem test.
 *
 * <p>The use that keeps the id is the first by its JUnit unique id: the same whichever part ran which, and the one a
 * single JVM keeps, which orders the classes and files at the top of its tree by their unique ids too (two uses in one
 * class or file never reach the merge: a JVM discovers a class or file whole, and finds them itself).
 *
 * <p>Looked at as one JVM's discovery looks: a data file's case (each of its utterances), a data-file conversation, an
 * {@code @Utterance} method (each of its texts) and a {@code @Conversation} method. A Cognigy Playbook's steps are
 * named by their playbook, which two classes may both select, and results standing for invalid input already carry their
 * unique id: neither is a use of a test id.
 */
final class UniqueTestIds {

    private UniqueTestIds() {
    }

    /**
     * @param records    each test's result as the merge takes it (a rerun's replacing the earlier one), by unique id
     * @param naming     how the run names tests, for the later uses' display names
     * @param duplicates receives each test id used more than once, for the console
     * @return the results, each later use replaced in its first result's place
     */
    static Map<String, SimulationRecord> of(Map<String, SimulationRecord> records, NamingStrategy naming,
                                            List<DuplicateTestId> duplicates) {
        // By test id, then by the unique id of the test that uses it (a conversation's, for its turns): sorted, so the
        // use that keeps the id does not depend on which part ran which.
        Map<String, TreeMap<String, List<SimulationRecord>>> uses = new LinkedHashMap<>();
        for (SimulationRecord record : records.values()) {
            use(record).ifPresent(use -> uses.computeIfAbsent(use.testId(), k -> new TreeMap<>())
                    .computeIfAbsent(use.test(), k -> new ArrayList<>()).add(record));
        }
        Map<String, SimulationRecord> replacing = new HashMap<>();
        Set<String> removed = new HashSet<>();
        uses.forEach((id, byTest) -> {
            if (byTest.size() < 2) return;
            List<Map.Entry<String, List<SimulationRecord>>> tests = List.copyOf(byTest.entrySet());
            DuplicateTestId duplicate = DuplicateTestId.of(id, tests.stream().map(t -> place(t.getValue())).toList(),
                    tests.stream().map(t -> classOf(t.getKey())).toList());
            duplicates.add(duplicate);
            for (int i = 1; i < tests.size(); i++) {
                List<SimulationRecord> later = tests.get(i).getValue();
                later.forEach(record -> removed.add(record.uniqueId()));
                replacing.put(later.get(0).uniqueId(), problem(tests.get(i).getKey(), later, duplicate, i, naming));
            }
        });
        if (removed.isEmpty()) return records;
        Map<String, SimulationRecord> unique = new LinkedHashMap<>();
        records.forEach((uniqueId, record) -> {
            if (!removed.contains(uniqueId)) unique.put(uniqueId, record);
            else if (replacing.containsKey(uniqueId)) unique.put(replacing.get(uniqueId).uniqueId(), replacing.get(uniqueId));
        });
        return unique;
    }

    /** A test's use of a test id: the id, and the unique id of the test holding it (a conversation's for its turns). */
    private record Use(String testId, String test) {
    }

    private static Optional<Use> use(SimulationRecord record) {
        if (record.invalidInput()) return Optional.empty();
        Optional<UniqueId> id = parse(record.uniqueId());
        String last = id.map(u -> u.getLastSegment().getType()).orElse("");
        if (last.equals(PlaybookStepDescriptor.SEGMENT)) return Optional.empty();
        if (last.equals(ConversationTurnDescriptor.SEGMENT) && record.conversationId() != null) {
            return Optional.of(new Use(record.conversationId(), id.get().removeLastSegment().toString()));
        }
        return Optional.of(new Use(record.testId(), record.uniqueId()));
    }

    /**
     * Where a use is, as one JVM's discovery names it: a data file's test by its file and line, a method by its class and
     * method. A conversation's record has no line of its own, so it is named by its first turn's.
     */
    private static String place(List<SimulationRecord> records) {
        SimulationRecord first = records.get(0);
        if (first.source() == null) return first.uniqueId();
        int line = firstLine(records);
        return first.source() + (line > 0 ? ":" + line : "");
    }

    /** The first line of a use's records (a conversation's first turn's), or 0 when none has one. */
    private static int firstLine(List<SimulationRecord> records) {
        return records.stream().mapToInt(SimulationRecord::line).filter(l -> l > 0).min().orElse(0);
    }

    /** The class a test runs in (the innermost, for a member class), when it runs in one. */
    private static Optional<String> classOf(String test) {
        return parse(test).flatMap(id -> id.getSegments().stream().filter(s -> s.getType().equals(SimulationClassDescriptor.SEGMENT))
                .reduce((outer, inner) -> inner)).map(UniqueId.Segment::getValue);
    }

    /** The failing result one JVM gives a later use: invalid input, named by its place, its unique id as its test id. */
    private static SimulationRecord problem(String test, List<SimulationRecord> records, DuplicateTestId duplicate, int use,
                                            NamingStrategy naming) {
        SimulationRecord first = records.get(0);
        String name = naming == NamingStrategy.LONG ? duplicate.longName(use) : duplicate.name();
        int line = firstLine(records);
        return SimulationRecord.builder().uniqueId(test).testId(test).displayName(name).source(first.source()).line(line)
                .outcome(Outcome.FAILED).invalidInput(true).message(duplicate.message()).build();
    }

    private static Optional<UniqueId> parse(String uniqueId) {
        try {
            return Optional.of(UniqueId.parse(uniqueId));
        } catch (JUnitException e) {
            return Optional.empty();
        }
    }
}
