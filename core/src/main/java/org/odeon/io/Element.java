package org.odeon.io;

import java.nio.ByteBuffer;

/** Element types that appear in the files this package reads; every value is widened to double. */
enum Element {
    BOOL(1), U8(1), I8(1), U16(2), I16(2), U32(4), I32(4), U64(8), I64(8), F32(4), F64(8);

    /** Largest integer magnitude below which every integer has an exact double. */
    static final long EXACT_LIMIT = 1L << 53;

    final int bytes;

    Element(int bytes) { this.bytes = bytes; }

    /** Values of 64-bit integer types are checked against {@link #EXACT_LIMIT} by the reader. */
    boolean is64BitInteger() { return this == U64 || this == I64; }

    /** Reads one value at the buffer's position (whose byte order the caller has set). */
    double get(ByteBuffer b) {
        return switch (this) {
            case BOOL -> b.get() != 0 ? 1 : 0;
            case U8 -> b.get() & 0xff;
            case I8 -> b.get();
            case U16 -> b.getShort() & 0xffff;
            case I16 -> b.getShort();
            case U32 -> b.getInt() & 0xffffffffL;
            case I32 -> b.getInt();
            case U64, I64 -> b.getLong();
            case F32 -> b.getFloat();
            case F64 -> b.getDouble();
        };
    }
}
