package com.flowtriq.ftagent.config;

/**
 * The JSON shape a config key accepts, and the Java type its value is held as.
 * <p>
 * Range, enum and format rules live in {@link ConfigKey}; a type only says which JSON token is acceptable.
 * <pre>
 *   BOOLEAN        true/false                      Boolean
 *   INTEGER        whole JSON number               Long
 *   NUMBER         any JSON number                 Double
 *   STRING         string (free form or enum)      String
 *   STRING_LIST    array of strings                List&lt;String&gt;
 *   SECTION        object whose keys are registered
 *   SECTION_LIST   array of such objects           List&lt;ConfigValues&gt;
 * </pre>
 */
public enum ConfigType
{
    BOOLEAN("boolean"),
    INTEGER("integer"),
    NUMBER("number"),
    STRING("string"),
    STRING_LIST("list of strings"),
    SECTION("object"),
    SECTION_LIST("list of objects");

    private final String label;

    ConfigType(final String label)
    {
        this.label = label;
    }

    /**
     * @return the type as an operator reads it, for error messages and the README table.
     */
    public String label()
    {
        return label;
    }
}
