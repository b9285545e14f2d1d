/**
 * Hand-written Java FFM bindings (java.lang.foreign only) for the parts of libc and libpcap that ftagent uses.
 *
 * <p>The shape follows jextract's output: {@link com.flowtriq.ftagent.ffi.Libc} holds one lazily linked
 * downcall handle per function, called with {@code invokeExact} only; each mirrored C struct has its own final
 * class with a {@code LAYOUT} whose members carry the C field names, explicit padding, {@code *_OFFSET}
 * constants, static accessors named after the field and {@code sizeof()}. Every offset, size and constant is
 * checked against the C compiler's view by {@code OffsetsTest}, which compiles {@code native-headers/offsets.c}.
 *
 * <p>Unsigned fields: {@code __u8} and {@code __u16} accessors widen to {@code int} explicitly; {@code __u32}
 * lengths and offsets (bounded by the ring or buffer size) return the raw {@code int}; {@code __u32} counters
 * and seconds return {@code long} widened with {@link java.lang.Integer#toUnsignedLong(int)}.
 *
 * <p>This package contains no product logic.
 */
package com.flowtriq.ftagent.ffi;
