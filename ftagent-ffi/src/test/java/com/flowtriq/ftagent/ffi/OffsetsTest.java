package com.flowtriq.ftagent.ffi;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Proves every mirrored struct layout and every constant against the C compiler: compiles
 * {@code native-headers/offsets.c}, runs it, and compares both directions, so a field or constant missing on
 * either side fails.
 */
class OffsetsTest
{
    /** The classes whose public static final primitives are C constants, each named as in C. */
    private static final List<Class<?>> LIBC_CONSTANT_HOLDERS = List.of(Libc.class, Errno.class);
    private static final List<Class<?>> PCAP_CONSTANT_HOLDERS = List.of(Pcap.class);
    /** Struct classes that mirror pcap/pcap.h: checked only when that header is installed. */
    private static final Set<Class<?>> PCAP_STRUCT_CLASSES =
        Set.of(PcapPkthdr.class, PcapStat.class, BpfProgram.class, PcapIf.class, PcapAddr.class);

    private static boolean withPcap;

    private static final Map<String, Long> C_STRUCT_SIZES = new TreeMap<>();
    private static final Map<String, Map<String, long[]>> C_FIELDS = new TreeMap<>();
    private static final Map<String, Long> C_CONSTANTS = new TreeMap<>();

    @TempDir
    static Path workDir;

    @BeforeAll
    static void compileAndRunOffsets() throws IOException, InterruptedException
    {
        final Path gcc = NativeHeaders.gcc();
        assumeTrue(null != gcc, "needs gcc on PATH to compile native-headers/offsets.c");
        final Path headers = NativeHeaders.directory();
        assertNotNull(headers, "native-headers/offsets.c not found (ftagent.repo.root=" +
            System.getProperty("ftagent.repo.root") + ")");

        withPcap = NativeHeaders.hasPcapHeader();
        if (!withPcap)
        {
            System.out.println("OffsetsTest: <pcap/pcap.h> not installed (libpcap-dev): pcap layouts and constants NOT checked");
        }
        final List<String> defines = withPcap ? List.of("-DFTAGENT_WITH_PCAP") : List.of();
        for (final String line : NativeHeaders.runOffsets(gcc, headers, workDir, defines))
        {
            final String[] parts = line.trim().split("\\s+");
            switch (parts[0])
            {
                case "section" ->
                {
                    // Sections only group the output for readers; names are unique across them.
                }
                case "struct" -> C_STRUCT_SIZES.put(parts[1], Long.parseLong(parts[2]));
                case "field" ->
                {
                    final int dot = parts[1].indexOf('.');
                    C_FIELDS.computeIfAbsent(parts[1].substring(0, dot), k -> new TreeMap<>())
                        .put(parts[1].substring(dot + 1), new long[]{ Long.parseLong(parts[2]), Long.parseLong(parts[3]) });
                }
                case "const" -> C_CONSTANTS.put(parts[1], Long.parseLong(parts[2]));
                default -> throw new IllegalStateException("unexpected offsets line: " + line);
            }
        }
        assertFalse(C_STRUCT_SIZES.isEmpty(), "offsets.c printed no structs");
    }

    @Test
    void shouldMatchEveryStructSizeAndFieldOffsetWithTheCCompiler() throws Exception
    {
        final Map<String, GroupLayout> javaLayouts = javaStructLayouts();
        final List<String> mismatches = new ArrayList<>();

        for (final Map.Entry<String, GroupLayout> entry : javaLayouts.entrySet())
        {
            final String struct = entry.getKey();
            final GroupLayout layout = entry.getValue();
            final Long cSize = C_STRUCT_SIZES.get(struct);
            if (null == cSize)
            {
                mismatches.add("struct " + struct + ": mirrored in Java but not printed by offsets.c");
                continue;
            }
            if (cSize != layout.byteSize())
            {
                mismatches.add("struct " + struct + ": sizeof C=" + cSize + " Java=" + layout.byteSize());
            }

            final Map<String, long[]> javaFields = new TreeMap<>();
            walk(layout, "", 0, javaFields);
            final Map<String, long[]> cFields = C_FIELDS.getOrDefault(struct, Map.of());
            for (final Map.Entry<String, long[]> field : javaFields.entrySet())
            {
                final long[] c = cFields.get(field.getKey());
                final long[] java = field.getValue();
                if (null == c)
                {
                    mismatches.add(struct + "." + field.getKey() + ": in Java LAYOUT but not printed by offsets.c");
                }
                else if (c[0] != java[0] || c[1] != java[1])
                {
                    mismatches.add(struct + "." + field.getKey() + ": C offset/size " + c[0] + "/" + c[1] +
                        ", Java " + java[0] + "/" + java[1]);
                }
            }
            for (final String cField : cFields.keySet())
            {
                if (!javaFields.containsKey(cField))
                {
                    mismatches.add(struct + "." + cField + ": printed by offsets.c but missing from the Java LAYOUT");
                }
            }
        }
        for (final String cStruct : C_STRUCT_SIZES.keySet())
        {
            if (!javaLayouts.containsKey(cStruct))
            {
                mismatches.add("struct " + cStruct + ": printed by offsets.c but no Java class has it as LAYOUT");
            }
        }

        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
        assertTrue(javaLayouts.size() >= (withPcap ? 18 : 13), "expected every struct class to be found, got " + javaLayouts.keySet());
    }

    @Test
    void shouldMatchEveryConstantWithTheCHeaders() throws IllegalAccessException
    {
        final List<Class<?>> holders = new ArrayList<>(LIBC_CONSTANT_HOLDERS);
        if (withPcap)
        {
            holders.addAll(PCAP_CONSTANT_HOLDERS);
        }
        final Map<String, Long> javaConstants = new TreeMap<>();
        for (final Class<?> holder : holders)
        {
            for (final Field field : holder.getDeclaredFields())
            {
                final int modifiers = field.getModifiers();
                if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) &&
                    field.getType().isPrimitive())
                {
                    final long value = ((Number)field.get(null)).longValue();
                    final Long previous = javaConstants.put(field.getName(), value);
                    assertEquals(null, previous, "constant " + field.getName() + " declared twice");
                }
            }
        }

        final List<String> mismatches = new ArrayList<>();
        for (final Map.Entry<String, Long> entry : javaConstants.entrySet())
        {
            final Long c = C_CONSTANTS.get(entry.getKey());
            final long java = entry.getValue();
            if (null == c)
            {
                mismatches.add(entry.getKey() + ": in Java but not printed by offsets.c");
            }
            else if (c != java && c != (java & 0xFFFF_FFFFL))
            {
                // The second form accepts an unsigned C value held in a Java int, such as 1U << 31.
                mismatches.add(entry.getKey() + ": C=" + c + " Java=" + java);
            }
        }
        for (final String name : C_CONSTANTS.keySet())
        {
            if (!javaConstants.containsKey(name))
            {
                mismatches.add(name + ": printed by offsets.c but not declared in " + holders);
            }
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    /**
     * Records each named member with its absolute offset and size; unnamed groups stand for C's anonymous unions
     * and structs, whose members C code names without a component for the group.
     */
    private static void walk(final GroupLayout group, final String prefix, final long base, final Map<String, long[]> into)
    {
        long offset = 0;
        final boolean union = !(group instanceof java.lang.foreign.StructLayout);
        for (final MemoryLayout member : group.memberLayouts())
        {
            final long memberOffset = base + (union ? 0 : offset);
            if (!(member instanceof PaddingLayout))
            {
                if (member.name().isPresent())
                {
                    final String path = prefix + member.name().get();
                    into.put(path, new long[]{ memberOffset, member.byteSize() });
                    if (member instanceof GroupLayout nested)
                    {
                        walk(nested, path + ".", memberOffset, into);
                    }
                }
                else if (member instanceof GroupLayout anonymous)
                {
                    walk(anonymous, prefix, memberOffset, into);
                }
                else
                {
                    throw new IllegalStateException("unnamed non-padding member in " + group);
                }
            }
            offset += member.byteSize();
        }
    }

    /** Every class of this package with a public static {@code LAYOUT}, keyed by the layout's C struct name. */
    private static Map<String, GroupLayout> javaStructLayouts() throws URISyntaxException, IOException, ReflectiveOperationException
    {
        final Path classesDir = Path.of(Libc.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve(Libc.class.getPackageName().replace('.', '/'));
        assertTrue(Files.isDirectory(classesDir), "expected compiled classes in a directory: " + classesDir);

        final Map<String, GroupLayout> layouts = new TreeMap<>();
        try (Stream<Path> files = Files.list(classesDir))
        {
            for (final Path file : files.toList())
            {
                final String fileName = file.getFileName().toString();
                if (!fileName.endsWith(".class") || fileName.contains("$") || fileName.startsWith("package-info"))
                {
                    continue;
                }
                final Class<?> type = Class.forName(
                    Libc.class.getPackageName() + "." + fileName.substring(0, fileName.length() - ".class".length()));
                final Field layoutField;
                try
                {
                    layoutField = type.getField("LAYOUT");
                }
                catch (final NoSuchFieldException ignore)
                {
                    continue;
                }
                if (!withPcap && PCAP_STRUCT_CLASSES.contains(type))
                {
                    continue;
                }
                final GroupLayout layout = (GroupLayout)layoutField.get(null);
                final String name = layout.name().orElseThrow(() -> new AssertionError(type + ".LAYOUT has no C name"));
                assertEquals(null, layouts.put(name, layout), "two classes mirror struct " + name);
            }
        }
        return layouts;
    }
}
