package dev.botsim.cognigy.engine.backend.nlu;

import java.util.List;
import java.util.Optional;

import dev.botsim.cognigy.engine.backend.management.ProjectResources;
import dev.botsim.cognigy.engine.support.LanguageTag;

/**
 * The project's locale a test's {@code locale:} or {@code cognigy.nlu.locale} names: as {@link ProjectResources#named}
 * finds it (reference id, name, language), or, for a language alone ({@code de}, {@code fr}: a tag the data files take
 * as any other), the one locale of the project that reads that language ({@code de-DE}). The REST Endpoint's routing
 * takes {@code de} for a language its {@code de-DE} endpoint serves; scoring it must not refuse what routing sends.
 */
final class LocaleNames {

    private LocaleNames() {
    }

    /**
     * @throws Ambiguous when {@code wanted} is the language of several locales and the name of none (a language alone of
     *                   {@code en-US} and {@code en-GB}, say), naming them
     */
    static Optional<ProjectResources.Locale> find(List<ProjectResources.Locale> locales, String wanted) {
        Optional<ProjectResources.Locale> named;
        try {
            named = ProjectResources.named(locales, wanted);
        } catch (ProjectResources.AmbiguousLocale e) {
            throw new Ambiguous(e.getMessage());
        }
        if (named.isPresent() || !LanguageTag.isLanguageAlone(wanted)) return named;
        List<ProjectResources.Locale> inLanguage = locales.stream().filter(l -> language(l.nluLanguage()).equalsIgnoreCase(wanted))
                .toList();
        if (inLanguage.size() > 1) {
            throw new Ambiguous("is the language of " + inLanguage.size() + " locales of the project ("
                    + ProjectResources.listed(inLanguage) + "); name one by its language, name or reference id");
        }
        return inLanguage.stream().findFirst();
    }

    /** The language of a tag ({@code de} of {@code de-DE}) as the engine reads one; empty for what is no tag. */
    private static String language(String tag) {
        return LanguageTag.language(tag).orElse("");
    }

    /** A language several locales of the project read, none of which it names. */
    static final class Ambiguous extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Ambiguous(String message) {
            super(message);
        }
    }
}
