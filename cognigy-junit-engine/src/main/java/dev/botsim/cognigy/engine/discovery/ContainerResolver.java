package dev.botsim.cognigy.engine.discovery;

import static org.junit.platform.engine.support.discovery.SelectorResolver.Resolution.unresolved;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.platform.commons.io.Resource;
import org.junit.platform.commons.io.ResourceFilter;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.commons.support.ResourceSupport;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.ClasspathRootSelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.discovery.ModuleSelector;
import org.junit.platform.engine.discovery.PackageSelector;
import org.junit.platform.engine.support.discovery.SelectorResolver;


/**
 * Turns classpath-root, package and module selectors into the {@code @BotSimulation} classes and
 * the data files they contain. One resolver for both: JUnit asks resolvers in turn and stops at the
 * first that resolves a selector, so separate class and resource resolvers would never both see it.
 *
 * <p>A class that only holds {@code @BotSimulation} member classes is found too, and brings them in: the launcher's
 * class-name filter then judges it, not its member classes (see {@link SimulationClassResolver}). A member class the
 * scan also finds on its own is the same node and runs once.
 */
final class ContainerResolver implements SelectorResolver {

    private static final ResourceFilter DATA_FILES = ResourceFilter.of(r -> DataFiles.isDataFile(r.getName()));
    private static final Predicate<Class<?>> CLASSES = type -> AnnotatedClassTree.isCandidate(type)
            || MemberClasses.holdSimulations(type);

    private final Predicate<String> classNameFilter;
    private final Predicate<String> packageFilter;

    ContainerResolver(Predicate<String> classNameFilter, Predicate<String> packageFilter) {
        this.classNameFilter = classNameFilter;
        this.packageFilter = packageFilter;
    }

    @Override
    public Resolution resolve(ClasspathRootSelector selector, Context context) {
        return selectors(ReflectionSupport.findAllClassesInClasspathRoot(selector.getClasspathRoot(),
                        CLASSES, classNameFilter),
                ResourceSupport.findAllResourcesInClasspathRoot(selector.getClasspathRoot(), DATA_FILES));
    }

    @Override
    public Resolution resolve(PackageSelector selector, Context context) {
        String name = selector.getPackageName();
        if (!packageFilter.test(name)) return unresolved();
        return selectors(ReflectionSupport.findAllClassesInPackage(name, CLASSES, classNameFilter),
                ResourceSupport.findAllResourcesInPackage(name, DATA_FILES));
    }

    @Override
    public Resolution resolve(ModuleSelector selector, Context context) {
        String module = selector.getModuleName();
        return selectors(ReflectionSupport.findAllClassesInModule(module, CLASSES, classNameFilter),
                ResourceSupport.findAllResourcesInModule(module, DATA_FILES));
    }

    private Resolution selectors(List<Class<?>> classes, List<Resource> resources) {
        Set<DiscoverySelector> selectors = new LinkedHashSet<>();
        classes.forEach(c -> selectors.add(DiscoverySelectors.selectClass(c)));
        // In name order, as a folder's: the file system lists them in an order of its own, which differs between machines.
        resources.stream().map(Resource::getName).filter(name -> packageFilter.test(packageOf(name))).distinct().sorted()
                .forEach(name -> selectors.add(DiscoverySelectors.selectClasspathResource(name)));
        return selectors.isEmpty() ? unresolved() : Resolution.selectors(selectors);
    }

    private static String packageOf(String resourceName) {
        int slash = resourceName.lastIndexOf('/');
        return slash < 0 ? "" : resourceName.substring(0, slash).replace('/', '.');
    }
}
