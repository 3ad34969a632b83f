package dev.botsim.cognigy.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;
import static org.apiguardian.api.API.Status.MAINTAINED;
import static org.apiguardian.api.API.Status.STABLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.apiguardian.api.API;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.support.ReflectionSupport;

/** What users and listener authors may rely on is marked, and nothing else is offered to them. */
class DeclaredApiTest {

    private static final String ANNOTATIONS = "dev.botsim.cognigy.annotations";
    private static final String SPI = "dev.botsim.cognigy.spi";

    /** Every public type of the package, nested ones included. */
    private static List<Class<?>> publicTypes(String packageName) {
        List<Class<?>> types = new ArrayList<>();
        ReflectionSupport.findAllClassesInPackage(packageName, type -> true, name -> true)
                .forEach(type -> addPublic(type, types));
        return types;
    }

    private static void addPublic(Class<?> type, List<Class<?>> types) {
        if (!Modifier.isPublic(type.getModifiers()) || types.contains(type)) return;
        types.add(type);
        Arrays.stream(type.getDeclaredClasses()).forEach(nested -> addPublic(nested, types));
    }

    @Test
    @DisplayName("every public type users write tests against is STABLE or MAINTAINED")
    void annotationsPackage() {
        List<Class<?>> types = publicTypes(ANNOTATIONS);
        assertThat(types).hasSizeGreaterThanOrEqualTo(9).allSatisfy(type -> {
            API api = type.getAnnotation(API.class);
            assertThat(api).as(type.getName()).isNotNull();
            assertThat(api.status()).as(type.getName()).isIn(STABLE, MAINTAINED);
            assertThat(api.since()).as(type.getName()).isEqualTo("0.1");
        });
    }

    @Test
    @DisplayName("every @API marker, on a type or a member, and every @Deprecated says since 0.1: the first release, which"
            + " holds everything there is, so a user reading 'since 0.2' on it would look for a release that never was")
    void everythingIsSinceTheFirstRelease() {
        List<String> markers = new ArrayList<>();
        Stream.concat(publicTypes(ANNOTATIONS).stream(), publicTypes(SPI).stream()).forEach(type -> {
            List<java.lang.reflect.AnnotatedElement> elements = new ArrayList<>(List.of(type));
            elements.addAll(List.of(type.getDeclaredMethods()));
            elements.addAll(List.of(type.getDeclaredConstructors()));
            elements.addAll(List.of(type.getDeclaredFields()));
            for (java.lang.reflect.AnnotatedElement element : elements) {
                API api = element.getAnnotation(API.class);
                if (api != null) markers.add(element + " @API since " + api.since());
                Deprecated deprecated = element.getAnnotation(Deprecated.class);
                if (deprecated != null) markers.add(element + " @Deprecated since " + deprecated.since());
            }
        });
        assertThat(markers).hasSizeGreaterThan(20).allSatisfy(marker -> assertThat(marker).endsWith(" since 0.1"));
    }

    @Test
    @DisplayName("every public type of the listener SPI is EXPERIMENTAL, and so is the package")
    void spiPackage() {
        List<Class<?>> types = publicTypes(SPI);
        assertThat(types).contains(SimulationListener.class, SimulationRecord.class, SimulationRecord.Builder.class,
                RunInfo.class, RunInfo.BotFacts.class, BotUnderTest.class, RunSummary.class, RunSummary.AuditCheckpoint.class, Expectation.class, IntentMargin.class,
                Outcome.class, Governance.class, GovernanceReason.class, NluFigures.class, NluFigures.Builder.class,
                NluFigures.IntentFigures.class, NluFigures.ConfusedPair.class, NluFigures.IntentRate.class);
        assertThat(types).allSatisfy(type -> {
            API api = type.getAnnotation(API.class);
            assertThat(api).as(type.getName()).isNotNull();
            assertThat(api.status()).as(type.getName()).isEqualTo(EXPERIMENTAL);
        });
        assertThat(SimulationListener.class.getPackage().getAnnotation(API.class).status()).isEqualTo(EXPERIMENTAL);
    }

    @Test
    @DisplayName("the SPI records that may grow have one public constructor, the canonical one, marked INTERNAL,"
            + " and a builder that round-trips them")
    void recordsThatGrowAreBuilt() {
        Stream.of(SimulationRecord.class, RunInfo.class, RunInfo.BotFacts.class, BotUnderTest.class, RunSummary.class,
                        Expectation.class, NluFigures.class)
                .forEach(type -> {
                    assertThat(type.isRecord()).as(type.getName()).isTrue();
                    Constructor<?>[] constructors = type.getConstructors();
                    assertThat(constructors).as("public constructors of " + type.getName()).hasSize(1);
                    Class<?>[] components = Arrays.stream(type.getRecordComponents()).map(c -> c.getType()).toArray(Class<?>[]::new);
                    assertThat(constructors[0].getParameterTypes()).as(type.getName()).containsExactly(components);
                    assertThat(constructors[0].getAnnotation(API.class)).as(type.getName()).isNotNull()
                            .extracting(API::status).isEqualTo(INTERNAL);
                    assertThat(ReflectionSupport.findMethod(type, "builder")).as(type.getName()).isPresent();
                    assertThat(ReflectionSupport.findMethod(type, "toBuilder")).as(type.getName()).isPresent();
                });
    }

    @Test
    @DisplayName("the governance verdict's names are the ones every report carries")
    void governanceNames() {
        assertThat(Arrays.stream(Governance.values()).map(Enum::name))
                .containsExactly("COMPLIANT", "REVIEW_REQUIRED", "UNAUDITED", "INTERRUPTED", "DEFERRED");
        assertThat(Arrays.stream(RunSummary.class.getRecordComponents()).filter(c -> c.getName().equals("governance"))
                .findFirst().orElseThrow().getType()).isEqualTo(Governance.class);
    }
}
