package dev.botsim.cognigy.engine.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.support.ContainedFile;
import dev.botsim.cognigy.spi.BotUnderTest;

/**
 * What the bot was known to contain when it was recorded ({@code <dir>/bot.schema.json}), with the fingerprint it was
 * read against: a replayed run checks expectations against the same entities and flows a live run would, and reports
 * the same bot under test, without asking the bot.
 */
final class SchemaFile {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * A schema as recorded.
     *
     * @param sha256 the SHA-256 of the file's bytes as read: a replayed run's expectations are checked against the schema
     *               (the bot's entities, flows and the names each flow is known by), so the audit record names it
     */
    record Stored(Fingerprint recordedAgainst, BotSchema schema, String sha256) {
    }

    private SchemaFile() {
    }

    static Path in(Path dir) {
        return dir.resolve("bot.schema.json");
    }

    /**
     * What reading the schema found.
     *
     * @param stored  the schema, when there was one to read and it could be read
     * @param refused why the file was not read: it links out of the replay folder, or is too large; such a file is not
     *                written over either
     * @param unreadable why the file, read, is no recorded schema: cut short (a copy that did not finish), a merge conflict,
     *                JSON of another shape — {@code file:line:column: what — fix}; a recording run writes the bot's schema
     *                over it, a replay says it rather than take the file for missing
     */
    record Read(Optional<Stored> stored, Optional<String> refused, Optional<String> unreadable) {

        Read(Optional<Stored> stored, Optional<String> refused) {
            this(stored, refused, Optional.empty());
        }

        static Read none() {
            return new Read(Optional.empty(), Optional.empty());
        }

        /** Why there is no schema to replay: refused or unreadable; empty when there is no file. */
        Optional<String> notRead() {
            return refused.or(() -> unreadable);
        }
    }

    /**
     * Reads {@code file}, the schema in {@code folder} (the replay folder), held to the rules cassettes are
     * ({@link CassetteFile#read(Path, Path, String)}): not read through a link out of the folder, nor past
     * {@link CassetteFile#MAX_BYTES}.
     */
    static Read read(Path folder, Path file) {
        String shown = Cassettes.shown(file);
        try {
            ContainedFile.Read found = ContainedFile.read(file, folder, CassetteFile.MAX_BYTES);
            if (found instanceof ContainedFile.Outside outside) {
                return new Read(Optional.empty(), Optional.of(CassetteFile.outsideFolder(shown, folder, outside)));
            }
            if (found instanceof ContainedFile.TooLarge large) {
                return new Read(Optional.empty(), Optional.of(shown + ": larger than " + ContainedFile.size(large.limit())
                        + ", far more than any bot's schema; not read — delete it and record again with cognigy.replay=record"));
            }
            if (!(found instanceof ContainedFile.Bytes bytes)) return Read.none();
            Optional<Stored> stored = parsed(bytes.bytes());
            return stored.isPresent() ? new Read(stored, Optional.empty())
                    : new Read(Optional.empty(), Optional.empty(), Optional.of(unreadable(shown, bytes.bytes())));
        } catch (IOException e) {
            // A schema that cannot be read is one not recorded, as before.
            return Read.none();
        }
    }

    /**
     * Why {@code bytes}, which {@link #parsed} could not read, are no recorded schema, as a cassette's problem is said:
     * where and what, never the file's text, and the fix.
     */
    private static String unreadable(String shown, byte[] bytes) {
        String fix = " — delete it and run once with cognigy.replay=record (or auto) to record the bot's schema again";
        String text;
        try {
            text = CassetteFile.withoutByteOrderMark(java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            return shown + ": not UTF-8 text" + fix;
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("<<<<<<<") || lines[i].startsWith(">>>>>>>") || lines[i].startsWith("=======")) {
                return shown + ":" + (i + 1) + ":1: a merge-conflict marker (" + lines[i].substring(0, 7) + ")" + fix;
            }
        }
        try {
            JSON.readTree(text);
        } catch (JacksonException e) {
            return shown + ":" + CassetteFile.placeOf(e, text) + ": not valid JSON (" + CassetteFile.syntaxError(e) + ")" + fix;
        }
        return shown + ": not a recorded schema (its fields are not as a recording writes them)" + fix;
    }

    @SuppressWarnings("unchecked")
    private static Optional<Stored> parsed(byte[] bytes) {
        try {
            Map<String, Object> root = JSON.readValue(CassetteFile.withoutByteOrderMark(java.nio.charset.StandardCharsets.UTF_8
                            .newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString()),
                    JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
            Map<String, String> facts = new TreeMap<>();
            ((Map<String, Object>) root.get("recorded_against")).forEach((k, v) -> facts.put(k, String.valueOf(v)));
            BotUnderTest under = null;
            if (root.get("under_test") instanceof Map<?, ?> u) {
                Map<String, String> m = (Map<String, String>) u;
                under = new BotUnderTest(m.get("project_id"), m.get("project_name"), m.get("endpoint_name"), m.get("flow_name"),
                        m.get("flow_reference_id"), m.get("locale"), m.get("locale_reference_id"), m.get("snapshot_id"),
                        m.get("snapshot_name"));
            }
            BotSchema schema = new BotSchema(names(root.get("entities")), names(root.get("flows")), names(root.get("intents")),
                    (List<String>) root.getOrDefault("unknown", List.of()), Boolean.TRUE.equals(root.get("entity_names_exact")),
                    Optional.ofNullable(under));
            List<BotSchema.KnownFlow> known = new ArrayList<>();
            if (root.get("known_flows") instanceof List<?> flows) {
                for (Object f : flows) {
                    Map<String, Object> m = (Map<String, Object>) f;
                    known.add(new BotSchema.KnownFlow(String.valueOf(m.get("reported")), String.valueOf(m.get("name")),
                            ((List<Object>) m.getOrDefault("ids", List.of())).stream().map(String::valueOf).toList()));
                }
            }
            schema = schema.withKnownFlows(known);
            if (root.get("unlisted_entities") instanceof String fix) schema = schema.withUnlistedEntities(List.of(), fix);
            return Optional.of(new Stored(Fingerprint.of(facts), schema, dev.botsim.cognigy.engine.support.Sha256.ofText(bytes)));
        } catch (IOException | JacksonException | ClassCastException | NullPointerException e) {
            // A schema that cannot be read is one not recorded: expectations are then not checked up front.
            return Optional.empty();
        }
    }

    static void write(Path file, Fingerprint recordedAgainst, BotSchema schema) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("recorded_against", recordedAgainst.facts());
        root.put("entities", schema.entities().map(TreeSet::new).orElse(null));
        root.put("flows", schema.flows().map(TreeSet::new).orElse(null));
        root.put("intents", schema.intents().map(TreeSet::new).orElse(null));
        if (!schema.knownFlows().isEmpty()) {
            List<Map<String, Object>> known = new ArrayList<>();
            schema.knownFlows().forEach(f -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("reported", f.reported());
                m.put("name", f.name());
                m.put("ids", f.ids());
                known.add(m);
            });
            root.put("known_flows", known);
        }
        root.put("unknown", schema.unknown());
        root.put("entity_names_exact", schema.entityNamesExact());
        // Only where the entities came from a list that cannot hold them all (the management API's): other files unchanged.
        schema.unlistedEntities().ifPresent(fix -> root.put("unlisted_entities", fix));
        schema.underTest().ifPresent(u -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("project_id", u.projectId());
            m.put("project_name", u.projectName());
            m.put("endpoint_name", u.endpointName());
            m.put("flow_name", u.flowName());
            m.put("flow_reference_id", u.flowReferenceId());
            m.put("locale", u.locale());
            m.put("locale_reference_id", u.localeReferenceId());
            m.put("snapshot_id", u.snapshotId());
            m.put("snapshot_name", u.snapshotName());
            root.put("under_test", m);
        });
        CassetteFile.write(file, JSON.writeValueAsString(root).replace("\r\n", "\n") + "\n");
    }

    private static Optional<Set<String>> names(Object value) {
        if (!(value instanceof List<?> list)) return Optional.empty();
        List<String> out = new ArrayList<>();
        list.forEach(v -> out.add(String.valueOf(v)));
        return Optional.of(Set.copyOf(out));
    }
}
