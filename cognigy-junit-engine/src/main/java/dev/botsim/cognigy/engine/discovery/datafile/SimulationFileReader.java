package dev.botsim.cognigy.engine.discovery.datafile;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.support.Sha256;
import dev.botsim.cognigy.annotations.Mode;
import dev.botsim.cognigy.engine.model.SimulationFile;

/**
 * Reads and validates one simulation data file ({@code *.sim.yaml}, {@code *.sim.yml},
 * {@code *.sim.json}, {@code *.sim.csv}). Never throws for bad content: every problem comes back as
 * a {@link FileProblem} with line and column, next to the cases that are valid. Thread-safe; no
 * network or file-system access.
 */
public final class SimulationFileReader {

    /** 1 MiB: far more than any hand-written test data, far less than what could hurt a build. */
    static final int DEFAULT_MAX_BYTES = 1 << 20;

    private final int maxBytes;
    private final Factories factories;
    private final Mode defaultMode;

    SimulationFileReader() {
        this(DEFAULT_MAX_BYTES);
    }

    /** @param maxBytes the largest file accepted, in bytes */
    public SimulationFileReader(int maxBytes) {
        this(maxBytes, Mode.FLOW);
    }

    /**
     * @param maxBytes    the largest file accepted, in bytes
     * @param defaultMode the mode of a file that names none: {@link Mode#NLU} under {@code cognigy.backend=nlu}
     */
    public SimulationFileReader(int maxBytes, Mode defaultMode) {
        if (maxBytes <= 0 || maxBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes must be between 1 and " + (Integer.MAX_VALUE - 1) + ": " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.factories = new Factories(maxBytes);
        this.defaultMode = defaultMode;
    }

    /**
     * Whether the name has one of the data-file suffixes (case-insensitive): the test every part of
     * discovery makes before treating a file or resource as a data file.
     */
    public static boolean isSimulationFile(String name) {
        return Format.of(name).isPresent();
    }

    /** The data-file suffixes as users write them: {@code *.sim.yaml, *.sim.yml, *.sim.json or *.sim.csv}. */
    public static String patterns() {
        return Format.patterns();
    }

    int maxBytes() {
        return maxBytes;
    }

    /**
     * Reads from a stream, stopping one byte past the size limit, so an endless or huge stream costs
     * at most {@code maxBytes + 1} bytes of memory. The stream is not closed.
     *
     * @param resourceName classpath-relative name or path; its suffix selects the format
     */
    public ParsedFile read(String resourceName, InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        byte[] bytes = in.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            Problems problems = new Problems(resourceName);
            problems.add(Loc.UNKNOWN, "the file is larger than the limit of " + maxBytes
                    + " bytes — split it into several .sim files, or raise the limit with "
                    + Constants.DISCOVERY_MAX_FILE_SIZE);
            return new ParsedFile(DocumentBinder.empty(resourceName, null), problems.sorted());
        }
        return read(resourceName, bytes);
    }

    /** @param resourceName classpath-relative name or path; its suffix selects the format */
    ParsedFile read(String resourceName, byte[] bytes) {
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(bytes, "bytes");
        Problems problems = new Problems(resourceName);
        if (bytes.length > maxBytes) {
            problems.add(Loc.UNKNOWN, "the file has " + bytes.length + " bytes, more than the limit of " + maxBytes
                    + " — split it into several .sim files, or raise the limit with "
                    + Constants.DISCOVERY_MAX_FILE_SIZE);
            return new ParsedFile(DocumentBinder.empty(resourceName, null), problems.sorted());
        }
        String sha256 = Sha256.ofText(bytes);
        Optional<Format> format = Format.of(resourceName);
        if (format.isEmpty()) {
            problems.add(Loc.UNKNOWN, "not a simulation file name — name it " + Format.patterns());
            return new ParsedFile(DocumentBinder.empty(resourceName, sha256), problems.sorted());
        }
        String text = Utf8Text.decode(bytes, problems);
        if (text == null) {
            return new ParsedFile(DocumentBinder.empty(resourceName, sha256), problems.sorted());
        }
        SimulationFile file = switch (format.get()) {
            case YAML, JSON -> DocumentBinder.bind(resourceName, sha256,
                    TreeReader.read(factories.treeFactory(format.get()), format.get(), text, problems), problems, defaultMode);
            case CSV -> bindCsv(resourceName, sha256, text, problems);
        };
        return new ParsedFile(file, problems.sorted(), problems.leftOut());
    }

    private SimulationFile bindCsv(String resource, String sha256, String text, Problems problems) {
        List<CsvTable.Row> rows = CsvTable.read(factories.csv(), text, problems);
        CaseBinder binder = new CaseBinder(resource, problems, Defaults.NONE, defaultMode, CaseBinder.OUT_OF_NLU_RUN);
        for (CsvTable.Row row : rows) {
            binder.bindRow(row.node(), Where.csvRow(row.line()), row.intact());
        }
        if (rows.isEmpty() && problems.isEmpty()) {
            problems.add(Loc.START, "the file has a header but no rows — add one row per case");
        }
        CaseBinder.Bound bound = binder.finish();
        return new SimulationFile(resource, null, List.of(), bound.cases(), bound.conversations(), sha256);
    }

}
