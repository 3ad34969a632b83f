import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks that every method reference a class file makes into a library resolves on the class path this runs with
 * (the library's oldest supported version): the call sites a test run does not reach would otherwise fail only in
 * a user's build, with a NoSuchMethodError. Input: javap's "owner.name:descriptor" lines, one per reference.
 * Run by .ci/oldest-supported-check with `java -cp <old jars> .ci/LinkCheck.java <refs file>`.
 */
public class LinkCheck {

    public static void main(String[] args) throws Exception {
        List<String> refs = Files.readAllLines(Path.of(args[0]));
        int unresolved = 0;
        for (String ref : refs) {
            String owner = ref.substring(0, ref.indexOf('.')).replace('/', '.');
            String name = ref.substring(ref.indexOf('.') + 1, ref.indexOf(':'));
            String descriptor = ref.substring(ref.indexOf(':') + 1);
            if (name.equals("\"<init>\"")) {
                continue;
            }
            Class<?> type;
            try {
                type = Class.forName(owner, false, LinkCheck.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                System.out.println("missing class: " + ref);
                unresolved++;
                continue;
            }
            if (!declares(type, name, descriptor)) {
                System.out.println("missing method: " + ref);
                unresolved++;
            }
        }
        System.out.println(refs.size() + " references, " + unresolved + " unresolved");
        System.exit(unresolved == 0 ? 0 : 1);
    }

    /** As the JVM resolves a method: the class, its superclasses, then its interfaces. */
    private static boolean declares(Class<?> type, String name, String descriptor) {
        if (type == null) {
            return false;
        }
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(name) && descriptor(method).equals(descriptor)) {
                return true;
            }
        }
        if (declares(type.getSuperclass(), name, descriptor)) {
            return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (declares(implemented, name, descriptor)) {
                return true;
            }
        }
        return false;
    }

    private static String descriptor(Method method) {
        StringBuilder descriptor = new StringBuilder("(");
        for (Class<?> parameter : method.getParameterTypes()) {
            descriptor.append(descriptor(parameter));
        }
        return descriptor.append(')').append(descriptor(method.getReturnType())).toString();
    }

    private static String descriptor(Class<?> type) {
        if (type.isArray()) {
            return type.getName().replace('.', '/');
        }
        if (!type.isPrimitive()) {
            return "L" + type.getName().replace('.', '/') + ";";
        }
        return switch (type.getName()) {
            case "int" -> "I";
            case "long" -> "J";
            case "double" -> "D";
            case "float" -> "F";
            case "boolean" -> "Z";
            case "char" -> "C";
            case "byte" -> "B";
            case "short" -> "S";
            default -> "V";
        };
    }
}
