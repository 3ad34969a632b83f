package dev.botsim.cognigy.engine.discovery;

import java.util.List;

import org.junit.platform.commons.io.Resource;
import org.junit.platform.commons.io.ResourceFilter;
import org.junit.platform.commons.support.ResourceSupport;


/**
 * A classpath folder as a set of data files: a name without a data-file suffix in
 * {@code @BotSimulation(data)} or a classpath-resource selector ({@code @Suite @SelectClasspathResource("simulations")})
 * stands for every data file below it, on every classpath root and in every jar.
 */
final class ClasspathFolders {

    private static final ResourceFilter DATA_FILES = ResourceFilter.of(r -> DataFiles.isDataFile(r.getName()));

    private ClasspathFolders() {
    }

    /** Whether a classpath resource name may be a folder of data files rather than a data file. */
    static boolean mayBeFolder(String name) {
        String plain = plain(name);
        return !plain.isEmpty() && !DataFiles.isDataFile(plain) && AnnotatedClassTree.isPlainResourceName(plain);
    }

    /** The data files below {@code folder} ({@code simulations}, {@code /simulations/}), in name order; none when it is no folder. */
    static List<String> dataFilesUnder(String folder) {
        return ResourceSupport.findAllResourcesInPackage(plain(folder).replace('/', '.'), DATA_FILES).stream()
                .map(Resource::getName).distinct().sorted().toList();
    }

    /**
     * The files below {@code folder} whatever their names, for a folder that holds no data file to say what it holds;
     * none when it is no folder.
     */
    static List<String> filesUnder(String folder) {
        String prefix = plain(folder) + "/";
        return ResourceSupport.findAllResourcesInPackage(plain(folder).replace('/', '.'), ResourceFilter.of(r -> true)).stream()
                .map(Resource::getName).map(name -> name.startsWith(prefix) ? name.substring(prefix.length()) : name)
                .distinct().sorted().toList();
    }

    /**
     * Every data file on the class path and every folder holding one, for a name that found nothing to be compared
     * with: asked only then, as it searches every classpath root and jar.
     */
    static List<String> dataFilesAndFolders() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (Resource resource : ResourceSupport.findAllResourcesInPackage("", DATA_FILES)) {
            String name = resource.getName();
            names.add(name);
            for (int slash = name.lastIndexOf('/'); slash > 0; slash = name.lastIndexOf('/', slash - 1)) {
                names.add(name.substring(0, slash));
            }
        }
        return List.copyOf(names);
    }

    private static String plain(String name) {
        String plain = name.startsWith("/") ? name.substring(1) : name;
        return plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
    }
}
