package dev.botsim.cognigy.engine.discovery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The member classes a selected class brings into the run. Surefire selects top-level classes only (its default
 * excludes hold {@code **}{@code /*$*}), so simulations grouped as member classes of one test class
 * ({@code OrderBotTest.Returns}, {@code OrderBotTest.Tracking}) would never run under {@code mvn test}, and the build
 * would pass, while an IDE, which selects the member class itself, runs them.
 */
final class MemberClasses {

    private MemberClasses() {
    }

    /**
     * The classes declared in {@code type}, by name: the same order in every run, which {@link Class#getDeclaredClasses()}
     * does not promise. Only declared ones: a superclass's member classes are the superclass's to bring in.
     */
    static List<Class<?>> declared(Class<?> type) {
        try {
            return Arrays.stream(type.getDeclaredClasses()).sorted(Comparator.comparing(Class::getName)).toList();
        } catch (LinkageError | SecurityException e) {
            // Any test class is handed to every engine (a Jupiter class whose member class needs a library the class
            // path lacks): what cannot be loaded holds no simulation, and must not fail the class for its own engine.
            return List.of();
        }
    }

    /** {@code type} first, then the classes declared in it and in those, each before its own. */
    static List<Class<?>> withMembers(Class<?> type) {
        List<Class<?>> classes = new ArrayList<>();
        classes.add(type);
        declared(type).forEach(member -> classes.addAll(withMembers(member)));
        return classes;
    }

    /** Whether a class declared in {@code type}, or in one of those, is a {@code @BotSimulation} class. */
    static boolean holdSimulations(Class<?> type) {
        return declared(type).stream().anyMatch(member -> AnnotatedClassTree.isCandidate(member) || holdSimulations(member));
    }

    /** The top-level class {@code type} is declared in, or {@code type} itself. */
    static Class<?> topLevel(Class<?> type) {
        Class<?> top = type;
        while (top.getDeclaringClass() != null) top = top.getDeclaringClass();
        return top;
    }
}
