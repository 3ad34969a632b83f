package dev.botsim.cognigy.engine.importing;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.endpoint.EndpointUrl;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.backend.nlu.TrainingData;
import dev.botsim.cognigy.engine.config.CognigyHosts;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.FileFailures;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.support.ShownUrl;

/**
 * {@code java -jar cognigy-junit-engine-<version>-standalone.jar import --management-url URL --project-id ID --out DIR [--flow F]
 * [--locale L] [--holdout N%]}: reads the bot's intents and example sentences through the management API
 * ({@link TrainingData}) and writes one {@code mode: nlu} file per intent ({@link SuiteFiles}). The API key comes from
 * {@code COGNIGY_API_KEY} only; without {@code --flow}/{@code --locale}, {@code COGNIGY_ENDPOINT_URL} names the
 * endpoint whose flow and locale are read. Exit 0 when written, 1 when the API or the files fail, 2 on wrong use; every
 * failure is one line, never the key or the endpoint URL's secrets ({@link Secrets#mask}). Every line is printed as
 * {@link ConsoleText#println} prints one: an intent, flow or locale name of the tenant holding a line break, a terminal
 * escape or a CI log command ({@code ##vso[…]}, {@code ::error::}) is written visibly, on its line, and starts none.
 */
public final class ImportCommand {

    public static final String USAGE = "usage: java -jar cognigy-junit-engine-<version>-standalone.jar import --management-url URL --project-id ID"
            + " --out DIR [--flow NAME|REFERENCE_ID] [--locale NAME|REFERENCE_ID] [--holdout N%]  (API key: environment"
            + " variable " + Constants.MANAGEMENT_API_KEY_ENV + "; flow and locale of " + Constants.ENDPOINT_URL_ENV
            + " when not given)";

    private static final List<String> OPTIONS = List.of("--management-url", "--project-id", "--out", "--flow", "--locale",
            "--holdout");

    private ImportCommand() {
    }

    /** Runs the command with the arguments after {@code import}; returns its exit code. */
    public static int run(List<String> args, Function<String, String> environment, PrintStream out, PrintStream err) {
        Map<String, String> given = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (!OPTIONS.contains(option)) return wrongUse(err, "unexpected argument '" + ShownUrl.argument(option) + "'");
            if (given.containsKey(option)) return wrongUse(err, option + " is given twice");
            if (i + 1 == args.size() || args.get(i + 1).isBlank()) return wrongUse(err, option + " needs a value");
            given.put(option, args.get(++i));
        }
        for (String required : List.of("--management-url", "--project-id", "--out")) {
            if (!given.containsKey(required)) return wrongUse(err, required + " is missing");
        }
        int holdout = 0;
        if (given.containsKey("--holdout")) {
            String share = given.get("--holdout").strip();
            String number = share.endsWith("%") ? share.substring(0, share.length() - 1) : share;
            try {
                holdout = Integer.parseInt(number.strip());
            } catch (NumberFormatException e) {
                holdout = -1;
            }
            if (holdout < 0 || holdout > 99) return wrongUse(err, "--holdout takes a share from 0% to 99%, such as 20%");
        }
        okhttp3.HttpUrl managementUrl = okhttp3.HttpUrl.parse(given.get("--management-url").strip());
        if (managementUrl == null) {
            return wrongUse(err, "--management-url is not an http(s) URL: " + ShownUrl.of(given.get("--management-url"))
                    + " (the tenant's API host, such as https://api-trial.cognigy.ai)");
        }
        // As cognigy.management.url is refused: a key pasted in as a user name or a query value stays out of every request
        // and is never repeated, and the requests are built on the API's host alone.
        boolean userInfo = !managementUrl.username().isEmpty() || !managementUrl.password().isEmpty();
        if (userInfo || managementUrl.query() != null || managementUrl.fragment() != null) {
            return wrongUse(err, "--management-url " + ShownUrl.of(given.get("--management-url")) + " "
                    + (userInfo ? "holds a user name or password, which the import does not send"
                    : "has a query or fragment, which a base URL does not take")
                    + ": write the API's host alone, such as https://api-trial.cognigy.ai, and give the API key in the"
                    + " environment variable " + Constants.MANAGEMENT_API_KEY_ENV);
        }
        Optional<String> wrongHost = CognigyHosts.managementUrlProblem(given.get("--management-url"), "--management-url ");
        if (wrongHost.isPresent()) {
            return wrongUse(err, "--management-url " + ShownUrl.of(given.get("--management-url")) + " " + wrongHost.get());
        }
        Path dir;
        try {
            dir = Path.of(given.get("--out"));
        } catch (InvalidPathException e) {
            return wrongUse(err, "--out is not a folder name: " + given.get("--out"));
        }
        String key = environment.apply(Constants.MANAGEMENT_API_KEY_ENV);
        if (key == null || key.isBlank()) {
            ConsoleText.println(err, "import: set the environment variable " + Constants.MANAGEMENT_API_KEY_ENV + " to a management API key"
                    + " (Cognigy: My Profile > API Keys); it is read from the environment only");
            return 2;
        }
        String endpointUrl = environment.apply(Constants.ENDPOINT_URL_ENV);
        boolean endpointSet = endpointUrl != null && !endpointUrl.isBlank();
        // The key as given and trimmed (what is sent), the endpoint URL whole, its token and query values: masked by the
        // engine's rule in every message, the tenant's refusals and this command's own.
        Secrets secrets = Secrets.none().withManagementApiKey(Secret.of(key));
        if (endpointSet) secrets = secrets.withEndpointUrl(Secret.of(endpointUrl));
        ManagementApiSchema.Settings settings = ManagementApiSchema.Settings.of(given.get("--management-url"), Secret.of(key.trim()),
                given.get("--project-id")).withSecrets(secrets);
        if (!given.containsKey("--flow") && !endpointSet) {
            // Told before the tenant is asked anything: a flow is what the import reads, and nothing names one.
            return wrongUse(err, "which flow? give --flow NAME|REFERENCE_ID (a name the project lacks lists its flows), or set"
                    + " the environment variable " + Constants.ENDPOINT_URL_ENV + " to read the flow of that REST endpoint");
        }
        if (endpointSet) {
            Optional<EndpointUrl> endpoint = EndpointUrl.parse(Secret.of(endpointUrl));
            if (endpoint.isEmpty()) {
                ConsoleText.println(err, "import: the environment variable " + Constants.ENDPOINT_URL_ENV + " "
                        + EndpointUrl.problem(Secret.of(endpointUrl)).orElseThrow() + "; its value is not shown, it is a secret");
                return 2;
            }
            settings = settings.withEndpointToken(Secret.of(endpoint.get().token()));
        }
        try {
            TrainingData data = TrainingData.read(settings, Optional.ofNullable(given.get("--flow")),
                    Optional.ofNullable(given.get("--locale")));
            String source = "flow '" + data.flowName() + "' and its attached flows, locale " + data.localeName();
            if (data.nameless().intents() > 0) {
                // Said, not dropped silently: a bot whose intents lost their names imports fewer cases than it has sentences.
                TrainingData.Nameless nameless = data.nameless();
                boolean one = nameless.intents() == 1;
                ConsoleText.println(out, "left out " + nameless.intents() + (one ? " intent" : " intents") + " without a name and"
                        + (one ? " its " : " their ") + nameless.sentences() + (nameless.sentences() == 1 ? " example sentence"
                        : " example sentences") + " in " + data.localeName() + ": a case expects an intent by its name; name "
                        + (one ? "the intent" : "them") + " in Cognigy to import " + (one ? "its" : "their") + " sentences");
            }
            if (data.intents().values().stream().allMatch(List::isEmpty)) {
                // A suite of no case is a wrong flow or locale far more often than a bot without sentences; a CI job that
                // regenerates the suite must not pass on it, and an earlier import's files stay as they are. When every
                // intent there is nameless, the flow and locale are right and the names are what is missing.
                boolean allNameless = data.intents().isEmpty() && data.nameless().intents() > 0;
                ConsoleText.println(err, "import: " + source + (allNameless ? " have no intent with a name"
                        : data.intents().isEmpty() ? " have no intent" : " have no example sentence"
                        + " in " + data.localeName() + " (" + data.intents().size() + " intents)") + ": nothing written to " + dir
                        + (allNameless ? "; name the intents in Cognigy" : "; check --flow and --locale"));
                return 1;
            }
            SuiteFiles.Written written = SuiteFiles.write(dir, source, data.intents(), holdout);
            data.intents().forEach((intent, sentences) -> {
                if (sentences.isEmpty()) ConsoleText.println(out, "intent '" + intent + "' has no example sentence in " + data.localeName()
                        + ": no generated case");
            });
            Map<String, List<String>> intentsOf = new java.util.LinkedHashMap<>();
            data.intents().forEach((intent, sentences) -> sentences.forEach(sentence -> intentsOf
                    .computeIfAbsent(sentence, s -> new java.util.ArrayList<>()).add(intent)));
            intentsOf.forEach((sentence, intents) -> {
                if (intents.size() > 1) ConsoleText.println(out, "sentence " + SuiteFiles.quoted(sentence) + " is an example of "
                        + intents.size() + " intents (" + String.join(", ", intents) + "): at most one of its cases can pass");
            });
            written.files().forEach(file -> ConsoleText.println(out, "wrote " + file));
            written.removed().forEach(file -> ConsoleText.println(out, "removed " + file + ": an earlier import's file with no case left"));
            written.untouched().forEach(file -> ConsoleText.println(out, "left " + file + ": an earlier import's file for no intent imported"
                    + " now (removed, renamed or disabled in Cognigy, or of another flow or locale): delete it, or move its"
                    + " hand-written cases"));
            ConsoleText.println(out, "imported " + data.intents().size() + " intents of " + source + ": " + written.training()
                    + " cases" + (holdout > 0 ? " and " + written.holdout() + " held-out cases (" + holdout + " %)" : "")
                    + " in " + written.files().size() + " files under " + dir);
            return 0;
        } catch (BackendException e) {
            ConsoleText.println(err, "import: " + secrets.mask(String.valueOf(e.getMessage())));
            return 1;
        } catch (IOException e) {
            ConsoleText.println(err, "import: " + secrets.mask(why(dir, e)));
            return 1;
        } catch (RuntimeException e) {
            ConsoleText.println(err, "import: " + secrets.mask(String.valueOf(e.getMessage())));
            return 1;
        }
    }

    /**
     * A file that cannot be written, named with the reason and the fix: the exception's own message is often the path alone.
     * A file where {@code dir} or one of its folders should be is named with the fix in one sentence, as every writer says it.
     */
    private static String why(Path dir, IOException e) {
        if (!(e instanceof FileSystemException failed) || failed.getFile() == null) return String.valueOf(e.getMessage());
        Path written = dir.resolve("any.sim.yaml");
        if (FileFailures.fileInTheWay(written).isPresent()) {
            return "cannot write " + dir + ": " + FileFailures.writableFix(written, Path::toString, "--out");
        }
        String reason = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileAlreadyExistsException ? "a file of that name is in the way"
                : e instanceof NoSuchFileException ? "no such folder"
                : failed.getReason() != null ? failed.getReason() : e.getClass().getSimpleName();
        return "cannot write " + failed.getFile() + ": " + reason + "; give --out a folder this job can write";
    }

    private static int wrongUse(PrintStream err, String problem) {
        ConsoleText.println(err, "import: " + problem);
        ConsoleText.println(err, USAGE);
        return 2;
    }
}
