package dev.botsim.cognigy.engine;

import static org.apiguardian.api.API.Status.INTERNAL;
import static org.apiguardian.api.API.Status.MAINTAINED;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apiguardian.api.API;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.support.ReflectionSupport;

import dev.botsim.cognigy.engine.audit.AuditCommand;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;

/**
 * What the engine offers users is declared: three MAINTAINED types, every package INTERNAL. The engine's classes
 * are scanned as compiled, so a new package without a status, or a public type promoted without saying so here
 * and in {@code docs/architecture.md}, fails this test.
 */
class EngineApiTest {

    /** The engine's types users and tool authors may rely on, as {@code docs/architecture.md} lists them. */
    private static final Set<Class<?>> MAINTAINED_TYPES = Set.of(CognigyTestEngine.class, Constants.class, AuditCommand.class);

    /** The engine's own classes: its main output, not the tests that share its packages. */
    private static List<Class<?>> engineClasses() {
        URL main = location(CognigyTestEngine.class);
        return ReflectionSupport.findAllClassesInPackage(CognigyTestEngine.class.getPackageName(),
                type -> main.equals(location(type)) && !type.isAnonymousClass() && !type.isLocalClass() && !type.isSynthetic(),
                name -> true);
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    /** Code outside the engine can name it: public, and so is every type it is nested in. */
    private static boolean visible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers())) return false;
        }
        return true;
    }

    /** The status that holds for a type, as apiguardian reads it: its own, else its enclosing type's, else its package's. */
    private static Optional<API.Status> status(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            API api = t.getAnnotation(API.class);
            if (api != null) return Optional.of(api.status());
        }
        return Optional.ofNullable(type.getPackage().getAnnotation(API.class)).map(API::status);
    }

    @Test
    @DisplayName("every engine package declares in its package-info that it is INTERNAL, since 0.1")
    void everyPackageDeclaresAStatus() {
        List<Class<?>> classes = engineClasses();
        assertThat(classes).contains(CognigyTestEngine.class, Constants.class, AuditCommand.class, EngineServices.class);
        Map<String, Optional<API>> packages = classes.stream().map(Class::getPackage).distinct().collect(Collectors.toMap(
                Package::getName, p -> Optional.ofNullable(p.getAnnotation(API.class)), (a, b) -> a, TreeMap::new));
        assertThat(packages).containsKeys(CognigyTestEngine.class.getPackageName(), Constants.class.getPackageName(),
                AuditCommand.class.getPackageName(), EngineServices.class.getPackageName()).allSatisfy((name, api) -> {
            assertThat(api).as("@API on package-info of " + name).isPresent();
            assertThat(api.get().status()).as(name).isEqualTo(INTERNAL);
            assertThat(api.get().since()).as(name).isEqualTo("0.1");
        });
    }

    @Test
    @DisplayName("the public engine types that are not INTERNAL are exactly CognigyTestEngine, Constants and"
            + " AuditCommand, each MAINTAINED")
    void onlyTheListedTypesAreOffered() {
        Map<String, String> offered = engineClasses().stream().filter(EngineApiTest::visible)
                .filter(type -> !status(type).equals(Optional.of(INTERNAL)))
                .collect(Collectors.toMap(Class::getName, type -> status(type).map(Enum::name).orElse("no @API status"),
                        (a, b) -> a, TreeMap::new));
        assertThat(offered).containsOnlyKeys(MAINTAINED_TYPES.stream().map(Class::getName).toList())
                .allSatisfy((type, status) -> assertThat(status).as(type).isEqualTo(MAINTAINED.name()));
    }

    @Test
    @DisplayName("the engine's test seam and the configuration failure users only read are INTERNAL")
    void seamAndFailureAreInternal() {
        assertThat(status(EngineServices.class)).contains(INTERNAL);
        assertThat(status(ConfigurationException.class)).contains(INTERNAL);
    }

    @Test
    @DisplayName("the engine, its configuration keys and the audit command are MAINTAINED API; the constructor taking"
            + " EngineServices is INTERNAL")
    void userFacingTypesAreMarked() throws Exception {
        for (Class<?> type : MAINTAINED_TYPES) {
            API api = type.getAnnotation(API.class);
            assertThat(api).as(type.getName()).isNotNull();
            assertThat(api.status()).as(type.getName()).isEqualTo(MAINTAINED);
        }
        assertThat(CognigyTestEngine.class.getConstructor(EngineServices.class).getAnnotation(API.class).status())
                .isEqualTo(INTERNAL);
        assertThat(CognigyTestEngine.class.getConstructor().getAnnotation(API.class)).isNull();
    }
}
