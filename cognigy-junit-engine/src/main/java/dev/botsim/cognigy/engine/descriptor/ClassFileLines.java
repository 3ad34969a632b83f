package dev.botsim.cognigy.engine.descriptor;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a class's methods are in its source, as its class file says: the {@code SourceFile} attribute (the source
 * file's name, {@code OrdersTest.kt} for a class compiled from Kotlin) and every method's first line, the smallest
 * line of its {@code Code} attribute's {@code LineNumberTable}. That line is the method's first statement's (for an
 * empty body, the closing brace's, where its {@code return} is; the declaration's own when the body is on it). The
 * declaration and its annotations, where an {@code @Utterance} method's expectations are, have no line in a class
 * file: the first line is the nearest to them a stack frame can name, and a frame at it opens the method in an IDE
 * (a later line, the last statement's, would open the middle of a long body).
 *
 * <p>Reads the class file through the class's loader, at most once per class. Nothing here throws: a class with no
 * class file to read (no loader, no resource), compiled without line numbers ({@code -g:none}), or a malformed file
 * has no source file and no lines.
 */
final class ClassFileLines {

    private static final ClassFileLines NONE = new ClassFileLines(null, Map.of());

    private static final ClassValue<ClassFileLines> READ = new ClassValue<>() {
        @Override
        protected ClassFileLines computeValue(Class<?> type) {
            return read(type);
        }
    };

    private static final int MAGIC = 0xCAFEBABE;

    private final String sourceFile;
    /** A method's name and descriptor, {@code refund(Ldev/botsim/cognigy/annotations/SimulationResult;)V}: its first line. */
    private final Map<String, Integer> firstLines;

    private ClassFileLines(String sourceFile, Map<String, Integer> firstLines) {
        this.sourceFile = sourceFile;
        this.firstLines = firstLines;
    }

    /** The class file of {@code type}, read when first asked for. */
    static ClassFileLines of(Class<?> type) {
        return READ.get(type);
    }

    /** The source file the class was compiled from, as its {@code SourceFile} attribute names it. */
    Optional<String> sourceFile() {
        return Optional.ofNullable(sourceFile);
    }

    /** The first line of {@code method}, declared in this class, or -1 when the class file has none for it. */
    int firstLine(Method method) {
        return firstLine(method.getName(), descriptor(method));
    }

    /** The first line of the method of that name and descriptor ({@code (I)Ljava/lang/String;}), or -1. */
    int firstLine(String name, String descriptor) {
        return firstLines.getOrDefault(name + descriptor, -1);
    }

    private static ClassFileLines read(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        if (loader == null) return NONE;
        try (InputStream in = loader.getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return in == null ? NONE : parse(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    /** What the class file {@code bytes} says; nothing when they are not a class file. */
    static ClassFileLines parse(byte[] bytes) {
        try {
            return parse(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    /** The layout of JVMS §4.1: magic, versions, constant pool, class, fields, methods, attributes. */
    private static ClassFileLines parse(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) return NONE;
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        String[] utf8 = constantPoolStrings(in);
        in.readUnsignedShort(); // access flags
        in.readUnsignedShort(); // this class
        in.readUnsignedShort(); // super class
        skip(in, 2L * in.readUnsignedShort()); // interfaces
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            skip(in, 6); // access flags, name, descriptor
            skipAttributes(in);
        }
        Map<String, Integer> firstLines = new HashMap<>();
        int methods = in.readUnsignedShort();
        for (int i = 0; i < methods; i++) {
            in.readUnsignedShort(); // access flags
            String name = utf8(utf8, in.readUnsignedShort());
            String descriptor = utf8(utf8, in.readUnsignedShort());
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8(utf8, in.readUnsignedShort());
                byte[] body = attributeBody(in);
                if (attribute.equals("Code")) {
                    int line = firstLineOfCode(new DataInputStream(new ByteArrayInputStream(body)), utf8);
                    if (line > 0) firstLines.merge(name + descriptor, line, Math::min);
                }
            }
        }
        String sourceFile = null;
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            String attribute = utf8(utf8, in.readUnsignedShort());
            byte[] body = attributeBody(in);
            if (attribute.equals("SourceFile") && body.length == 2) {
                sourceFile = utf8(utf8, ((body[0] & 0xFF) << 8) | (body[1] & 0xFF));
            }
        }
        return new ClassFileLines(sourceFile, Map.copyOf(firstLines));
    }

    /**
     * The constant pool's {@code CONSTANT_Utf8} entries by index, the other entries skipped (JVMS §4.4). A long or a
     * double takes two indexes; a tag the JVMS does not define ends the reading, as nothing after it can be found.
     */
    private static String[] constantPoolStrings(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF(); // Utf8: a u2 length and modified UTF-8, as readUTF reads it
                case 7, 8, 16, 19, 20 -> skip(in, 2); // Class, String, MethodType, Module, Package
                case 15 -> skip(in, 3); // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> skip(in, 4); // Integer, Float, the refs, NameAndType, (Invoke)Dynamic
                case 5, 6 -> { // Long, Double
                    skip(in, 8);
                    i++;
                }
                default -> throw new IOException("constant pool tag " + tag + " at index " + i);
            }
        }
        return utf8;
    }

    /** The smallest line of a {@code Code} attribute's line number tables (JVMS §4.7.3, §4.7.12), or 0 for none. */
    private static int firstLineOfCode(DataInputStream code, String[] utf8) throws IOException {
        skip(code, 4); // max stack, max locals
        skip(code, code.readInt() & 0xFFFFFFFFL); // the code
        skip(code, 8L * code.readUnsignedShort()); // exception table
        int first = 0;
        int attributes = code.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            String attribute = utf8(utf8, code.readUnsignedShort());
            byte[] body = attributeBody(code);
            if (!attribute.equals("LineNumberTable")) continue;
            DataInputStream table = new DataInputStream(new ByteArrayInputStream(body));
            int entries = table.readUnsignedShort();
            for (int e = 0; e < entries; e++) {
                table.readUnsignedShort(); // start pc
                int line = table.readUnsignedShort();
                if (line > 0 && (first == 0 || line < first)) first = line;
            }
        }
        return first;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.readUnsignedShort(); // name
            skip(in, in.readInt() & 0xFFFFFFFFL);
        }
    }

    /** An attribute's bytes after its name: read whole, so that nothing in it can misplace what follows. */
    private static byte[] attributeBody(DataInputStream in) throws IOException {
        long length = in.readInt() & 0xFFFFFFFFL;
        if (length > in.available()) throw new EOFException("an attribute of " + length + " bytes past the end");
        byte[] body = new byte[(int) length];
        in.readFully(body);
        return body;
    }

    /** Skips exactly {@code count} bytes of an in-memory stream, or fails. */
    private static void skip(DataInputStream in, long count) throws IOException {
        if (count > in.available()) throw new EOFException(count + " bytes past the end");
        in.skipNBytes(count);
    }

    private static String utf8(String[] utf8, int index) throws IOException {
        if (index <= 0 || index >= utf8.length || utf8[index] == null) {
            throw new IOException("constant pool index " + index + " is no Utf8 entry");
        }
        return utf8[index];
    }

    /** The JVM's descriptor of a method's parameters and return type (JVMS §4.3.3). */
    static String descriptor(Method method) {
        StringBuilder descriptor = new StringBuilder("(");
        for (Class<?> parameter : method.getParameterTypes()) descriptor.append(descriptor(parameter));
        return descriptor.append(')').append(descriptor(method.getReturnType())).toString();
    }

    private static String descriptor(Class<?> type) {
        if (type.isArray()) return type.getName().replace('.', '/');
        if (!type.isPrimitive()) return "L" + type.getName().replace('.', '/') + ";";
        if (type == void.class) return "V";
        if (type == boolean.class) return "Z";
        if (type == byte.class) return "B";
        if (type == char.class) return "C";
        if (type == short.class) return "S";
        if (type == int.class) return "I";
        if (type == long.class) return "J";
        if (type == float.class) return "F";
        return "D";
    }
}
