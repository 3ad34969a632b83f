package dev.botsim.cognigy.engine.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.botsim.cognigy.engine.config.Constants;

/**
 * The import command's own refusals, before it asks the tenant anything: each one line saying what is wrong and what to
 * give, the usage after a wrong command line, exit 2, nothing written and no secret shown.
 */
class ImportCommandUseTest {

    private static final String KEY = "mgmt-key-7c1d0e9b2a4f";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(List<String> args, Map<String, String> environment) {
        return ImportCommand.run(args, environment::get, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> args(String... extra) {
        List<String> args = new ArrayList<>(List.of("--management-url", "https://api-trial.cognigy.ai", "--project-id", "p-1",
                "--out", dir.resolve("nlu").toString()));
        args.addAll(List.of(extra));
        return args;
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private void refusedAsWrongUse(int exit, String problem) {
        assertThat(exit).isEqualTo(2);
        assertThat(errLines()).containsExactly("import: " + problem, ImportCommand.USAGE);
        assertThat(out.size()).isZero();
        assertThat(dir.resolve("nlu")).doesNotExist();
    }

    @Test
    @DisplayName("an option it does not know, one given twice, one without its value and each required one missing")
    void commandLine() {
        Map<String, String> env = Map.of(Constants.MANAGEMENT_API_KEY_ENV, KEY);
        refusedAsWrongUse(run(args("--flows", "Main"), env), "unexpected argument '--flows'");
        err.reset();
        refusedAsWrongUse(run(args("--project-id", "p-2"), env), "--project-id is given twice");
        err.reset();
        refusedAsWrongUse(run(args("--flow"), env), "--flow needs a value");
        err.reset();
        refusedAsWrongUse(run(args("--locale", " ", "--flow", "Main"), env), "--locale needs a value");
        err.reset();
        for (String required : List.of("--management-url", "--project-id", "--out")) {
            List<String> without = args("--flow", "Main");
            int at = without.indexOf(required);
            without.remove(at + 1);
            without.remove(at);
            refusedAsWrongUse(run(without, env), required + " is missing");
            err.reset();
        }
    }

    @ParameterizedTest(name = "--holdout {0} is refused")
    @CsvSource({"100%", "-1%", "twenty", "20.5%", "%"})
    @DisplayName("a hold-out share outside 0% to 99%, or no whole number, is refused saying which shares it takes")
    void holdoutOutOfRange(String share) {
        refusedAsWrongUse(run(args("--flow", "Main", "--holdout", share), Map.of(Constants.MANAGEMENT_API_KEY_ENV, KEY)),
                "--holdout takes a share from 0% to 99%, such as 20%");
    }

    @Test
    @DisplayName("a management URL that is no http(s) URL is named, with the host to write")
    void managementUrlNotAUrl() {
        List<String> args = args("--flow", "Main");
        args.set(1, "api-trial.cognigy.ai");
        refusedAsWrongUse(run(args, Map.of(Constants.MANAGEMENT_API_KEY_ENV, KEY)), "--management-url is not an http(s) URL:"
                + " api-trial.cognigy.ai (the tenant's API host, such as https://api-trial.cognigy.ai)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            https://admin:canary-pw-41@api-trial.cognigy.ai        | https://****@api-trial.cognigy.ai | holds a user name or password, which the import does not send
            https://canary-key-42@api-trial.cognigy.ai/             | https://****@api-trial.cognigy.ai/ | holds a user name or password, which the import does not send
            https://api-trial.cognigy.ai/?api_key=canary-key-43    | https://api-trial.cognigy.ai/?**** | has a query or fragment, which a base URL does not take
            https://api-trial.cognigy.ai/#canary-key-44            | https://api-trial.cognigy.ai/#**** | has a query or fragment, which a base URL does not take
            """)
    @DisplayName("a management URL with a user name, password, query or fragment is refused before the tenant is asked, as"
            + " cognigy.management.url is, repeated with them masked")
    void managementUrlWithCredentialsOrQuery(String url, String shown, String why) {
        List<String> args = args("--flow", "Main");
        args.set(1, url);
        refusedAsWrongUse(run(args, Map.of(Constants.MANAGEMENT_API_KEY_ENV, KEY)), "--management-url " + shown + " " + why
                + ": write the API's host alone, such as https://api-trial.cognigy.ai, and give the API key in the environment"
                + " variable " + Constants.MANAGEMENT_API_KEY_ENV);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("canary-");
    }

    @Test
    @DisplayName("no COGNIGY_API_KEY: exit 2, saying where the key comes from; a blank one is none")
    void noKey() {
        assertThat(run(args("--flow", "Main"), Map.of())).isEqualTo(2);
        assertThat(run(args("--flow", "Main"), Map.of(Constants.MANAGEMENT_API_KEY_ENV, "  "))).isEqualTo(2);
        assertThat(errLines()).hasSize(2).allSatisfy(line -> assertThat(line).isEqualTo("import: set the environment variable "
                + Constants.MANAGEMENT_API_KEY_ENV + " to a management API key (Cognigy: My Profile > API Keys); it is read from"
                + " the environment only"));
        assertThat(dir.resolve("nlu")).doesNotExist();
    }

    @Test
    @DisplayName("neither --flow nor COGNIGY_ENDPOINT_URL: which flow? is asked before the tenant is")
    void noFlow() {
        refusedAsWrongUse(run(args(), Map.of(Constants.MANAGEMENT_API_KEY_ENV, KEY)), "which flow? give --flow"
                + " NAME|REFERENCE_ID (a name the project lacks lists its flows), or set the environment variable "
                + Constants.ENDPOINT_URL_ENV + " to read the flow of that REST endpoint");
    }

    @Test
    @DisplayName("a COGNIGY_ENDPOINT_URL that is no endpoint URL: exit 2, what is wrong with it, its value not shown")
    void endpointUrlNotAnEndpoint() {
        String token = "e5f6a7b8c9d0TokenCanary";
        for (String url : List.of("https://endpoint-trial.cognigy.ai/", "https://endpoint-trial.cognigy.ai/" + token + "\u200B")) {
            err.reset();
            assertThat(run(args(), Map.of(Constants.MANAGEMENT_API_KEY_ENV, KEY, Constants.ENDPOINT_URL_ENV, url))).isEqualTo(2);
            assertThat(errLines()).singleElement().asString().startsWith("import: the environment variable "
                    + Constants.ENDPOINT_URL_ENV + " ").endsWith("; its value is not shown, it is a secret")
                    .doesNotContain(KEY, token);
            assertThat(dir.resolve("nlu")).doesNotExist();
        }
    }
}
