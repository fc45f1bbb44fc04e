package org.odeon.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odeon.tensor.DType;
import org.odeon.tensor.NDArray;

/**
 * NumPy's {@code .npy} format (versions 1.0, 2.0 and 3.0):
 *
 * <pre>
 *   "\x93NUMPY" | major | minor | header length (u16 LE for 1.0, u32 LE for 2.0/3.0) | header | data
 *   header = "{'descr': '&lt;f8', 'fortran_order': False, 'shape': (2, 3), }" padded with spaces and '\n'
 * </pre>
 *
 * Reading: {@code f4} arrays become F32, {@code f8} and the integer and boolean types
 * ({@code i1 u1 i2 u2 i4 u4 i8 u8 b1}) become F64; either byte order; C or Fortran order (the
 * latter is transposed into row-major). 64-bit integers beyond 2^53 are rejected, since F64
 * cannot hold them exactly. Structured and object dtypes are rejected.
 * Writing: {@code '<f4'} or {@code '<f8'}, C order, version 1.0 (2.0 only if the header needs it),
 * with the header padded so that the data starts at a multiple of 64 bytes, as NumPy does.
 */
public final class Npy {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Far above any header NumPy writes for a plain array (its own default limit is 10 000). */
    static final int MAX_HEADER = 1 << 20;
    private static final int ALIGN = 64;

    private Npy() {}

    public static NDArray read(Path file) throws IOException {
        try (BinaryInput in = BinaryInput.open(file)) {
            NDArray a = read(in);
            in.expectEnd("the array data");
            return a;
        }
    }

    /** Writes atomically. */
    public static void write(Path file, NDArray a) throws IOException { AtomicFiles.write(file, out -> write(out, a)); }

    // ------------------------------------------------------------------ reading

    static NDArray read(BinaryInput in) throws IOException {
        byte[] magic = in.readBytes(MAGIC.length, "magic string");
        if (!Arrays.equals(magic, MAGIC)) throw in.error("not a .npy file (magic string \\x93NUMPY missing)");
        int major = in.readU8("format version"), minor = in.readU8("format version");
        long headerLength;
        if (major == 1) {
            byte[] b = in.readBytes(2, "header length");
            headerLength = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            headerLength = ByteBuffer.wrap(in.readBytes(4, "header length")).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        } else {
            throw in.error("unsupported format version " + major + "." + minor + " (supported: 1.0, 2.0, 3.0)");
        }
        if (headerLength > MAX_HEADER) throw in.error("header length " + headerLength + " exceeds the limit of " + MAX_HEADER + " bytes");
        // 1.0 and 2.0 headers are latin-1; 3.0 allows UTF-8. Either way the keys we need are ASCII.
        String text = new String(in.readBytes((int) headerLength, "header"), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = Header.parse(in, text);

        long count = 1;
        for (int d : h.shape) count *= d; // Header.parse has bounded this by 2^31-1
        double[] data = in.readValues(h.element, h.order, (int) count, "array data of " + h.descr + " shape " + h.shapeText());
        if (h.fortranOrder) data = fortranToC(data, h.shape);
        return NDArray.of(h.element == Element.F32 ? DType.F32 : DType.F64, h.shape, data);
    }

    /** Column-major to row-major: element (i0..ik) sits at sum_j i_j * (d_0 * ... * d_{j-1}). */
    private static double[] fortranToC(double[] f, int[] shape) {
        double[] c = new double[f.length];
        int[] idx = new int[shape.length];
        int[] fStride = new int[shape.length];
        for (int j = 0, s = 1; j < shape.length; s *= shape[j], j++) fStride[j] = s;
        for (int i = 0; i < c.length; i++) {
            int off = 0;
            for (int j = 0; j < shape.length; j++) off += idx[j] * fStride[j];
            c[i] = f[off];
            for (int j = shape.length - 1; j >= 0 && ++idx[j] == shape[j]; j--) idx[j] = 0; // row-major odometer
        }
        return c;
    }

    /** The header dictionary: exactly the keys descr, fortran_order and shape. */
    private record Header(String descr, Element element, ByteOrder order, boolean fortranOrder, int[] shape) {
        String shapeText() { return Arrays.toString(shape); }

        static Header parse(BinaryInput in, String text) throws MalformedFileException {
            Map<String, Object> dict = new PyLiteral(in, text).dict();
            for (String k : dict.keySet())
                if (!List.of("descr", "fortran_order", "shape").contains(k)) throw in.error("header has unexpected key '" + k + "'");
            if (!(dict.get("descr") instanceof String descr))
                throw in.error("header 'descr' must be a dtype string, got " + describe(dict.get("descr")) + " (structured dtypes are not supported)");
            if (!(dict.get("fortran_order") instanceof Boolean fortran))
                throw in.error("header 'fortran_order' must be True or False, got " + describe(dict.get("fortran_order")));
            if (!(dict.get("shape") instanceof List<?> dims)) throw in.error("header 'shape' must be a tuple, got " + describe(dict.get("shape")));
            int[] shape = new int[dims.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                if (!(dims.get(i) instanceof Long d)) throw in.error("header shape[" + i + "] must be an integer, got " + describe(dims.get(i)));
                if (d < 0) throw in.error("header shape " + dims + " has a negative extent");
                if (d > Integer.MAX_VALUE || (count *= d) > Integer.MAX_VALUE)
                    throw in.error("header shape " + dims + " has more than 2^31-1 elements");
                shape[i] = d.intValue();
            }
            return dtype(in, descr, fortran, shape);
        }

        private static Header dtype(BinaryInput in, String descr, boolean fortran, int[] shape) throws MalformedFileException {
            String unsupported = "unsupported dtype '" + descr + "' (supported: f4 f8 i1 u1 i2 u2 i4 u4 i8 u8 b1, byte order < > or |)";
            if (descr.length() < 3) throw in.error(unsupported);
            char o = descr.charAt(0);
            Element e = switch (descr.substring(1)) {
                case "f4" -> Element.F32;
                case "f8" -> Element.F64;
                case "i1" -> Element.I8;
                case "u1" -> Element.U8;
                case "b1" -> Element.BOOL;
                case "i2" -> Element.I16;
                case "u2" -> Element.U16;
                case "i4" -> Element.I32;
                case "u4" -> Element.U32;
                case "i8" -> Element.I64;
                case "u8" -> Element.U64;
                default -> throw in.error(unsupported);
            };
            // '|' means "byte order not applicable", which is only true of one-byte types
            if (!(o == '<' || o == '>' || (o == '|' && e.bytes == 1))) throw in.error(unsupported);
            return new Header(descr, e, o == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, fortran, shape);
        }

        private static String describe(Object v) { return v == null ? "nothing" : v instanceof String s ? "'" + s + "'" : String.valueOf(v); }
    }

    /**
     * The small subset of Python literal syntax that .npy headers use: a dict of string keys to
     * strings, True/False, integers and tuples of integers. Strings become String, booleans
     * Boolean, integers Long, tuples and lists List.
     */
    private static final class PyLiteral {
        private final BinaryInput in;
        private final String s;
        private int p;

        PyLiteral(BinaryInput in, String s) {
            this.in = in;
            this.s = s;
        }

        Map<String, Object> dict() throws MalformedFileException {
            skip();
            expect('{');
            Map<String, Object> m = new LinkedHashMap<>();
            while (true) {
                skip();
                if (peek() == '}') break;
                if (!(value() instanceof String key)) throw fail("dictionary keys must be strings");
                skip();
                expect(':');
                if (m.put(key, value()) != null) throw fail("duplicate key '" + key + "'");
                skip();
                if (peek() == ',') p++;
                else if (peek() != '}') throw fail("expected ',' or '}'");
            }
            p++;
            skip();
            if (p != s.length()) throw fail("unexpected text after the dictionary");
            return m;
        }

        private Object value() throws MalformedFileException { return value(0); }

        /** Headers nest at most a tuple inside the dict; the depth limit keeps forged input off the stack. */
        private Object value(int depth) throws MalformedFileException {
            if (depth > 4) throw fail("nesting too deep");
            skip();
            char c = peek();
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, p + 1);
                if (end < 0) throw fail("unterminated string");
                String v = s.substring(p + 1, end);
                if (v.indexOf('\\') >= 0) throw fail("escape sequences in strings are not supported");
                p = end + 1;
                return v;
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                p++;
                List<Object> items = new ArrayList<>();
                while (true) {
                    skip();
                    if (peek() == close) break;
                    items.add(value(depth + 1));
                    skip();
                    if (peek() == ',') p++;
                    else if (peek() != close) throw fail("expected ',' or '" + close + "'");
                }
                p++;
                return items;
            }
            if (s.startsWith("True", p)) { p += 4; return true; }
            if (s.startsWith("False", p)) { p += 5; return false; }
            int start = p;
            if (c == '-' || c == '+') p++;
            while (p < s.length() && Character.isDigit(s.charAt(p))) p++;
            if (p == start || !Character.isDigit(s.charAt(p - 1))) throw fail("unexpected character '" + c + "'");
            String digits = s.substring(start, p);
            if (p < s.length() && (s.charAt(p) == 'L' || s.charAt(p) == 'l')) p++; // Python 2 long suffix
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw fail("integer " + digits + " does not fit in 64 bits");
            }
        }

        private void skip() { while (p < s.length() && Character.isWhitespace(s.charAt(p))) p++; }

        private char peek() throws MalformedFileException {
            if (p >= s.length()) throw fail("header ends unexpectedly");
            return s.charAt(p);
        }

        private void expect(char c) throws MalformedFileException {
            if (peek() != c) throw fail("expected '" + c + "'");
            p++;
        }

        private MalformedFileException fail(String what) {
            String shown = s.length() > 200 ? s.substring(0, 200) + "..." : s;
            return in.error("cannot parse header at character " + p + ": " + what + " in " + shown.strip());
        }
    }

    // ------------------------------------------------------------------ writing

    private static int aligned(int n) { return (n + ALIGN - 1) / ALIGN * ALIGN; }

    static void write(OutputStream out, NDArray a) throws IOException {
        StringBuilder shape = new StringBuilder("(");
        int[] dims = a.shape();
        for (int i = 0; i < dims.length; i++) shape.append(i > 0 ? ", " : "").append(dims[i]);
        if (dims.length == 1) shape.append(',');
        shape.append(')');
        String dict = "{'descr': '" + (a.dtype() == DType.F32 ? "<f4" : "<f8") + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int prefix = MAGIC.length + 2 + 2, total = aligned(prefix + dict.length() + 1);
        boolean v1 = total - prefix <= 0xffff; // else version 2.0, whose header length field has 4 bytes
        if (!v1) total = aligned((prefix += 2) + dict.length() + 1);
        int headerLength = total - prefix;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
        if (v1) b.putShort((short) headerLength);
        else b.putInt(headerLength);
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.remaining() > 1) b.put((byte) ' ');
        b.put((byte) '\n');
        out.write(b.array());
        BinaryOutput.writeValues(out, a, ByteOrder.LITTLE_ENDIAN);
    }
}
