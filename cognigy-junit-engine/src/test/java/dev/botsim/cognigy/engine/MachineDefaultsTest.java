package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Executable;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.text.Collator;
import java.text.DecimalFormat;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.text.SimpleDateFormat;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Formatter;
import java.util.List;
import java.util.Locale;
import java.util.Scanner;
import java.util.TimeZone;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;

/**
 * The engine's and the sandbox's main code never reads the machine's locale, default charset or time zone: what they
 * write (results.json, index.html, the audit trail, the webhook payload and its signature, cassettes, parts) and what
 * they compare (intents, keys, header names) is the same on a Turkish, a German or a Windows build machine as on the
 * CI server that merges, verifies or replays it. A call whose JDK overload takes the default — {@code toLowerCase()},
 * {@code String.format} without a {@link Locale}, {@code new String(bytes)}, {@code LocalDate.now()} — is refused here;
 * the overload naming {@link Locale#ROOT}, {@link java.nio.charset.StandardCharsets#UTF_8}, a zone or a clock is not.
 */
class MachineDefaultsTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.botsim.cognigy.engine", "dev.botsim.cognigy.sandbox");

    /** Every JDK constructor and method whose result depends on the default locale, charset or time zone. */
    private static final List<Executable> DEFAULT_DEPENDENT = defaultDependent();

    @Test
    @DisplayName("no main class calls or refers to a JDK method that takes the machine's locale, charset or time zone")
    void noMachineDefaults() {
        assertThat(MAIN.containPackage("dev.botsim.cognigy.sandbox")).as("the sandbox is checked too")
                .isTrue();
        ArchRuleDefinition.noClasses().should(ArchConditions.accessTargetWhere(takesMachineDefault()))
                .because("a Turkish, German or windows-1252 build machine would write, compare or sign differently; name"
                        + " Locale.ROOT, StandardCharsets.UTF_8, ZoneOffset.UTC or the run's clock instead")
                .check(MAIN);
    }

    @Test
    @DisplayName("the rule sees calls and method references that take a default, so a green rule means something")
    void ruleSeesADefault() {
        JavaClasses offender = new ClassFileImporter().importClasses(Offender.class);
        assertThat(ArchRuleDefinition.noClasses()
                        .should(ArchConditions.accessTargetWhere(takesMachineDefault())).evaluate(offender).getFailureReport()
                        .getDetails())
                .anyMatch(line -> line.contains("String.toLowerCase()"))
                .anyMatch(line -> line.contains("String.format("))
                .anyMatch(line -> line.contains("String.<init>([B)"))
                .anyMatch(line -> line.contains("LocalDate.now()"))
                .anyMatch(line -> line.contains("references method <java.lang.String.toUpperCase()>"));
    }

    private static DescribedPredicate<JavaAccess<?>> takesMachineDefault() {
        return DescribedPredicate.describe("take the machine's default locale, charset or time zone", access ->
                access.getTarget() instanceof AccessTarget.CodeUnitAccessTarget unit && DEFAULT_DEPENDENT.stream().anyMatch(e ->
                        unit.getOwner().isEquivalentTo(e.getDeclaringClass())
                                && unit.getName().equals(e instanceof java.lang.reflect.Constructor<?> ? "<init>" : e.getName())
                                && same(unit.getRawParameterTypes(), e.getParameterTypes())));
    }

    private static boolean same(List<JavaClass> types, Class<?>[] expected) {
        if (types.size() != expected.length) return false;
        for (int i = 0; i < expected.length; i++) {
            if (!types.get(i).isEquivalentTo(expected[i])) return false;
        }
        return true;
    }

    private static List<Executable> defaultDependent() {
        List<Executable> all = new ArrayList<>();
        try {
            // The default locale: case mapping and formatting.
            all.add(String.class.getMethod("toLowerCase"));
            all.add(String.class.getMethod("toUpperCase"));
            all.add(String.class.getMethod("format", String.class, Object[].class));
            all.add(String.class.getMethod("formatted", Object[].class));
            all.add(PrintStream.class.getMethod("printf", String.class, Object[].class));
            all.add(PrintStream.class.getMethod("format", String.class, Object[].class));
            all.add(PrintWriter.class.getMethod("printf", String.class, Object[].class));
            all.add(PrintWriter.class.getMethod("format", String.class, Object[].class));
            all.add(Formatter.class.getConstructor());
            all.add(Formatter.class.getConstructor(Appendable.class));
            all.add(Locale.class.getMethod("getDefault"));
            all.add(Locale.class.getMethod("getDefault", Locale.Category.class));
            all.add(MessageFormat.class.getConstructor(String.class));
            all.add(MessageFormat.class.getMethod("format", String.class, Object[].class));
            all.add(NumberFormat.class.getMethod("getInstance"));
            all.add(NumberFormat.class.getMethod("getNumberInstance"));
            all.add(NumberFormat.class.getMethod("getIntegerInstance"));
            all.add(NumberFormat.class.getMethod("getPercentInstance"));
            all.add(NumberFormat.class.getMethod("getCurrencyInstance"));
            all.add(DecimalFormat.class.getConstructor());
            all.add(DecimalFormat.class.getConstructor(String.class));
            all.add(SimpleDateFormat.class.getConstructor());
            all.add(SimpleDateFormat.class.getConstructor(String.class));
            all.add(DateTimeFormatter.class.getMethod("ofPattern", String.class));
            all.add(DateTimeFormatter.class.getMethod("ofLocalizedDate", java.time.format.FormatStyle.class));
            all.add(DateTimeFormatter.class.getMethod("ofLocalizedTime", java.time.format.FormatStyle.class));
            all.add(DateTimeFormatter.class.getMethod("ofLocalizedDateTime", java.time.format.FormatStyle.class));
            all.add(Locale.class.getMethod("getDisplayName"));
            all.add(Locale.class.getMethod("getDisplayLanguage"));
            all.add(Locale.class.getMethod("getDisplayCountry"));
            // A logger's message with parameters is a MessageFormat in the default locale (1234 as 1.234).
            all.add(System.Logger.class.getMethod("log", System.Logger.Level.class, String.class, Object[].class));
            all.add(Collator.class.getMethod("getInstance"));
            all.add(BreakIterator.class.getMethod("getWordInstance"));
            all.add(BreakIterator.class.getMethod("getSentenceInstance"));
            all.add(BreakIterator.class.getMethod("getCharacterInstance"));
            all.add(BreakIterator.class.getMethod("getLineInstance"));
            // The default charset: bytes to text and back.
            all.add(String.class.getConstructor(byte[].class));
            all.add(String.class.getConstructor(byte[].class, int.class, int.class));
            all.add(String.class.getMethod("getBytes"));
            all.add(ByteArrayOutputStream.class.getMethod("toString"));
            all.add(Charset.class.getMethod("defaultCharset"));
            all.add(InputStreamReader.class.getConstructor(InputStream.class));
            all.add(OutputStreamWriter.class.getConstructor(OutputStream.class));
            all.add(FileReader.class.getConstructor(String.class));
            all.add(FileReader.class.getConstructor(File.class));
            all.add(FileReader.class.getConstructor(FileDescriptor.class));
            all.add(FileWriter.class.getConstructor(String.class));
            all.add(FileWriter.class.getConstructor(String.class, boolean.class));
            all.add(FileWriter.class.getConstructor(File.class));
            all.add(FileWriter.class.getConstructor(File.class, boolean.class));
            all.add(FileWriter.class.getConstructor(FileDescriptor.class));
            all.add(PrintStream.class.getConstructor(OutputStream.class));
            all.add(PrintStream.class.getConstructor(OutputStream.class, boolean.class));
            all.add(PrintStream.class.getConstructor(String.class));
            all.add(PrintStream.class.getConstructor(File.class));
            all.add(PrintWriter.class.getConstructor(OutputStream.class));
            all.add(PrintWriter.class.getConstructor(OutputStream.class, boolean.class));
            all.add(PrintWriter.class.getConstructor(String.class));
            all.add(PrintWriter.class.getConstructor(File.class));
            all.add(Scanner.class.getConstructor(InputStream.class));
            all.add(Scanner.class.getConstructor(File.class));
            all.add(Scanner.class.getConstructor(Path.class));
            all.add(URLEncoder.class.getMethod("encode", String.class));
            all.add(URLDecoder.class.getMethod("decode", String.class));
            // The default time zone: a day, a year or a wall-clock time that depends on where the build ran.
            all.add(ZoneId.class.getMethod("systemDefault"));
            all.add(TimeZone.class.getMethod("getDefault"));
            all.add(Clock.class.getMethod("systemDefaultZone"));
            all.add(java.util.Calendar.class.getMethod("getInstance"));
            all.add(java.util.Date.class.getMethod("toString"));
            for (Class<?> type : List.of(LocalDate.class, LocalDateTime.class, LocalTime.class, ZonedDateTime.class,
                    OffsetDateTime.class, Year.class, YearMonth.class)) {
                all.add(type.getMethod("now"));
            }
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        return List.copyOf(all);
    }

    /** What the rule must refuse, so the rule above is known to look. */
    @SuppressWarnings("unused")
    private static final class Offender {
        String all(byte[] bytes) {
            java.util.function.UnaryOperator<String> upper = String::toUpperCase;
            return "I".toLowerCase() + String.format("%.1f", 95.0) + new String(bytes) + LocalDate.now() + upper.apply("i");
        }
    }
}
