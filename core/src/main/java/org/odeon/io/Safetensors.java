package org.odeon.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.odeon.tensor.DType;
import org.odeon.tensor.MemoryBudget;
import org.odeon.tensor.NDArray;

/**
 * The safetensors format (Hugging Face), which PyTorch, JAX and NumPy users exchange weights in:
 *
 * <pre>
 *   u64 little-endian N | N bytes of UTF-8 JSON header | data buffer
 *   header = { name: {"dtype": "F32"|"F64", "shape": [d0, d1, ...], "data_offsets": [begin, end]}, ...,
 *              "__metadata__": {string: string} (optional) }
 * </pre>
 *
 * Offsets are relative to the start of the data buffer; each tensor is row-major little-endian,
 * and the tensors tile the buffer exactly (no gaps, no overlap), which the reader checks along
 * with every other header field before it allocates any tensor. The writer pads the header with
 * spaces so that the data starts at a multiple of 8 bytes, as the reference implementation does.
 * Only F32 and F64 tensors are supported; other dtypes are rejected by name. {@link #index} checks a
 * file and indexes it without reading any tensor (a header of a million tensors costs a few hundred
 * bytes a tensor, not an object graph); {@link #read} reads them all.
 *
 * <p>The header follows the format's rules exactly: valid UTF-8, one JSON object starting at its first
 * byte, followed by nothing but space padding. Files written here carry the SHA-256 of their data
 * buffer in {@code __metadata__} under {@value #DIGEST_KEY}; the reader verifies it when present (and
 * does not return it with the metadata), so a flipped byte in a saved model or checkpoint is an error
 * naming the file, not garbage weights. Files written elsewhere have no digest and read as before.
 */
public final class Safetensors {
    /** The reference implementation's limit on the header size. */
    static final long MAX_HEADER = 100_000_000;
    static final String METADATA = "__metadata__";
    /** The metadata key holding the hex SHA-256 of the data buffer. */
    public static final String DIGEST_KEY = "odeon.sha256";
    static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private Safetensors() {}

    /**
     * Tensors in file order, with the string metadata of {@code __metadata__} (empty if absent).
     *
     * @param digested whether the file carried a data digest (which the reader verified)
     */
    public record Contents(Map<String, NDArray> tensors, Map<String, String> metadata, boolean digested) {}

    /** The named tensors, in the order of their data in the file. */
    public static Map<String, NDArray> read(Path file) throws IOException { return readContents(file).tensors(); }

    public static Contents readContents(Path file) throws IOException {
        try (Arena arena = Arena.ofConfined()) {   // unmapped as soon as the tensors are copied out
            Index index = index(file, arena);
            return new Contents(index.tensors(), index.metadata(), index.digested());
        }
    }

    /** Writes atomically, tensors in the map's order. */
    public static void write(Path file, Map<String, NDArray> tensors) throws IOException { write(file, tensors, Map.of()); }

    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) throws IOException {
        AtomicFiles.write(file, out -> write(out, tensors, metadata));
    }

    // ------------------------------------------------------------------ reading

    /** Little-endian element layouts of the data buffer (tensors need not be aligned in it). */
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * The header's token stream. Names are not interned (a header may hold millions); duplicates are
     * detected by the index's own name table rather than Jackson's per-object set, which costs a map
     * entry per tensor.
     */
    private static final JsonFactory HEADER = JsonFactory.builder().disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();

    /**
     * A checked safetensors file as a compact index: the tensors' names, dtypes, shapes and data offsets in
     * parallel arrays in data order, a name table of one int per slot, and the data buffer mapped from the
     * file. Indexing allocates the header's bytes, one name string per tensor and a few arrays of one
     * element per tensor; no tensor is read until {@link #tensor} (or {@link #tensors}) asks for it, and
     * each is then read straight from the mapping into its array.
     */
    public static final class Index {
        private final String source;
        private final MemorySegment data;
        private final String[] names;
        private final DType[] dtypes;
        private final long[] begins;
        private final int[] shapeAt;   // tensor i's dims are dims[shapeAt[i] .. shapeAt[i+1])
        private final int[] dims;
        private final int[] slots;     // open addressing by name hash: tensor index + 1, 0 = free
        private final Map<String, String> metadata;
        private final boolean digested;

        private Index(String source, MemorySegment data, String[] names, DType[] dtypes, long[] begins, int[] shapeAt, int[] dims,
                      int[] slots, Map<String, String> metadata, boolean digested) {
            this.source = source;
            this.data = data;
            this.names = names;
            this.dtypes = dtypes;
            this.begins = begins;
            this.shapeAt = shapeAt;
            this.dims = dims;
            this.slots = slots;
            this.metadata = Collections.unmodifiableMap(metadata);
            this.digested = digested;
        }

        public int size() { return names.length; }

        /** Tensor {@code i}'s name, in data order. */
        public String name(int i) { return names[i]; }

        public DType dtype(int i) { return dtypes[i]; }

        public int[] shape(int i) { return Arrays.copyOfRange(dims, shapeAt[i], shapeAt[i + 1]); }

        /** The string metadata of {@code __metadata__}, without the digest. */
        public Map<String, String> metadata() { return metadata; }

        /** Whether the file carried a data digest (which indexing verified). */
        public boolean digested() { return digested; }

        /** The position of {@code name} in data order, or -1. */
        public int indexOf(String name) {
            for (int k = name.hashCode() & (slots.length - 1); slots[k] != 0; k = (k + 1) & (slots.length - 1))
                if (names[slots[k] - 1].equals(name)) return slots[k] - 1;
            return -1;
        }

        /** The tensor named {@code name}, read now; an error naming the file if there is none. */
        public NDArray get(String name) throws MalformedFileException {
            int i = indexOf(name);
            if (i < 0) throw new MalformedFileException(source, "has no tensor '" + name + "'");
            return tensor(i);
        }

        /** Tensor {@code i}, read from the file into a new array of its dtype. */
        public NDArray tensor(int i) throws MalformedFileException {
            int[] shape = shape(i);
            int count = 1;
            for (int d : shape) count *= d;   // checked against 2^31-1 when indexing
            if ((long) count * Double.BYTES > BinaryInput.memoryBudget()) budget(count, "tensor '" + names[i] + "'");
            if (dtypes[i] == DType.F64) {
                double[] out = new double[count];
                MemorySegment.copy(data, F64_LE, begins[i], out, 0, count);
                return NDArray.of(DType.F64, shape, out);
            }
            float[] out = new float[count];
            MemorySegment.copy(data, F32_LE, begins[i], out, 0, count);
            return NDArray.ofFloats(shape, out);
        }

        /** Every tensor, read now, in data order. */
        public Map<String, NDArray> tensors() throws MalformedFileException {
            budget(data.byteSize(), "the file's " + names.length + " tensors");
            Map<String, NDArray> out = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) out.put(names[i], tensor(i));
            return Collections.unmodifiableMap(out);
        }

        private void budget(long values, String what) throws MalformedFileException {
            try {
                MemoryBudget.require(values, Double.BYTES, what, BinaryInput.memoryBudget(), "the half of the JVM's heap a reader may take");
            } catch (MemoryBudget.Exceeded e) {
                throw new MalformedFileException(source, e.getMessage());
            }
        }
    }

    /**
     * Checks {@code file} completely (header by the format's rules, tensors tiling the data buffer, the
     * digest if present) and indexes it without reading any tensor. The data buffer is mapped read-only;
     * Odeon replaces files by atomic rename, never rewrites them in place, so the mapping stays valid; it
     * is released when the index is no longer reachable.
     */
    public static Index index(Path file) throws IOException { return index(file, Arena.ofAuto()); }

    private static Index index(Path file, Arena arena) throws IOException {
        String source = file.toString();
        MemorySegment all;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            all = ch.size() == 0 ? MemorySegment.ofArray(new byte[0]) : ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
        }
        long size = all.byteSize();
        if (size < 8) throw new MalformedFileException(source, "truncated: header length ends at offset " + size + ", " + (8 - size) + " bytes short of what the format needs");
        long n = all.get(LONG_LE, 0);
        if (n < 0 || n > MAX_HEADER)
            throw new MalformedFileException(source, "header length " + Long.toUnsignedString(n) + " exceeds the " + MAX_HEADER + "-byte limit");
        if (n > size - 8)
            throw new MalformedFileException(source, "header of " + n + " bytes needs " + n + " bytes at offset 8 but the file has only " + (size - 8) + " left");
        var h = new HeaderParser(source);
        h.parse(all.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE));
        MemorySegment data = all.asSlice(8 + n);
        Index index = h.index(data);
        String digest = h.metadata.remove(DIGEST_KEY);
        if (digest != null) {
            MessageDigest sha = sha256();
            for (long at = 0; at < data.byteSize(); at += 1 << 30)
                sha.update(data.asSlice(at, Math.min(1 << 30, data.byteSize() - at)).asByteBuffer());
            if (!HexFormat.of().formatHex(sha.digest()).equals(digest))
                throw new MalformedFileException(source, "the data does not match its SHA-256 digest in the header: the file is corrupted");
        }
        return new Index(source, data, index.names, index.dtypes, index.begins, index.shapeAt, index.dims, index.slots, h.metadata, digest != null);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * The header as the format defines it: strict UTF-8, a JSON object from the first byte, then only
     * spaces. It is read as a token stream straight into growing parallel arrays, so a header of a million
     * tensors costs the header's bytes, a name per tensor and a few numbers per tensor.
     */
    private static final class HeaderParser {
        final String source;
        Map<String, String> metadata = new LinkedHashMap<>();
        boolean metadataSeen;
        int n;
        String[] names = new String[16];
        DType[] dtypes = new DType[16];
        long[] begins = new long[16], ends = new long[16];
        int[] shapeAt = new int[17], dims = new int[16];
        int[] slots = new int[32];
        long[] scratch = new long[8];   // one JSON integer array at a time, for checks and messages

        HeaderParser(String source) { this.source = source; }

        MalformedFileException error(String detail) { return new MalformedFileException(source, detail); }

        void parse(byte[] bytes) throws MalformedFileException {
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer in = ByteBuffer.wrap(bytes);
            CharBuffer out = CharBuffer.allocate(8192);
            for (CoderResult r; ; out.clear()) {   // validates in chunks: no copy of the header as text
                r = utf8.decode(in, out, true);
                if (r.isError()) throw error("header is not valid UTF-8");
                if (r.isUnderflow()) break;
            }
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] == ' ') end--;
            if (end == 0 || bytes[0] != '{')
                throw error("header must be a JSON object starting at its first byte, padded only with trailing spaces");
            try (JsonParser p = HEADER.createParser(bytes, 0, end)) {
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equals(METADATA)) {
                        if (metadataSeen) throw error("header is not valid JSON: duplicate " + METADATA);
                        metadataSeen = true;
                        parseMetadata(p);
                    } else {
                        entry(name, p);
                    }
                }
                if (p.nextToken() != null) throw error("header is not valid JSON: data after the header object");
            } catch (JacksonException e) {
                throw new MalformedFileException(source, "header is not valid JSON: " + e.getOriginalMessage(), e);
            } catch (MalformedFileException e) {
                throw e;
            } catch (IOException e) {   // the parser reads a byte array: no other I/O can fail
                throw new MalformedFileException(source, "header is not valid JSON: " + e.getMessage(), e);
            }
        }

        private void parseMetadata(JsonParser p) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) throw error(METADATA + " must be a JSON object of strings, got " + p.getText());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) throw error(METADATA + " value of '" + key + "' must be a string, got " + p.getText());
                if (metadata.put(key, p.getText()) != null) throw error("header is not valid JSON: duplicate " + METADATA + " key '" + key + "'");
            }
        }

        private static String where(String name) { return "tensor '" + name + "'"; }

        private void entry(String name, JsonParser p) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) throw error(where(name) + " must be a JSON object, got " + p.getText());
            if (n == names.length) grow();
            if (2 * (n + 1) > slots.length) rehash();
            int slot = slot(name);
            if (slots[slot] != 0) throw error("header is not valid JSON: tensor '" + name + "' appears twice");
            DType dtype = null;
            int rank = -1, offsets = -1;
            long begin = 0, end = 0;
            int shapeStart = shapeAt[n];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();   // canonical: the parser allocates no string for a repeated field name
                p.nextToken();
                switch (field) {
                    case "dtype" -> {
                        if (dtype != null) throw error("header is not valid JSON: " + where(name) + " has \"dtype\" twice");
                        if (p.currentToken() != JsonToken.VALUE_STRING) throw error(where(name) + ": missing or non-string \"dtype\"");
                        dtype = dtype(name, p);
                    }
                    case "shape" -> {
                        if (rank >= 0) throw error("header is not valid JSON: " + where(name) + " has \"shape\" twice");
                        rank = longs(p, name, "shape", ": missing or non-array \"shape\"");
                        long count = 1;
                        for (int i = 0; i < rank; i++)
                            if (scratch[i] > Integer.MAX_VALUE || (count *= scratch[i]) > Integer.MAX_VALUE) // checked factors: the long cannot overflow
                                throw error(where(name) + ": shape " + Arrays.toString(Arrays.copyOf(scratch, rank)) + " has more than 2^31-1 elements");
                        if (shapeStart + rank > dims.length) dims = Arrays.copyOf(dims, Math.max(2 * dims.length, shapeStart + rank));
                        for (int i = 0; i < rank; i++) dims[shapeStart + i] = (int) scratch[i];
                    }
                    case "data_offsets" -> {
                        if (offsets >= 0) throw error("header is not valid JSON: " + where(name) + " has \"data_offsets\" twice");
                        offsets = longs(p, name, "data_offsets", ": \"data_offsets\" must be an array [begin, end]");
                        begin = scratch[0];
                        end = scratch[1];
                    }
                    default -> p.skipChildren();
                }
            }
            if (dtype == null) throw error(where(name) + ": missing or non-string \"dtype\"");
            if (rank < 0) throw error(where(name) + ": missing or non-array \"shape\"");
            if (offsets != 2) throw error(where(name) + ": \"data_offsets\" must be an array [begin, end]");
            if (end < begin) throw error(where(name) + ": data_offsets end " + end + " is before begin " + begin);
            long count = 1;
            for (int i = 0; i < rank; i++) count *= dims[shapeStart + i];
            if (end - begin != count * dtype.bytes())
                throw error(where(name) + ": data_offsets span " + (end - begin) + " bytes but " + dtype + " shape "
                        + Arrays.toString(Arrays.copyOfRange(dims, shapeStart, shapeStart + rank)) + " needs " + count * dtype.bytes());
            slots[slot] = n + 1;
            names[n] = name;
            dtypes[n] = dtype;
            begins[n] = begin;
            ends[n] = end;
            shapeAt[++n] = shapeStart + rank;
        }

        /** F32 or F64, compared in the parser's buffer (no string per tensor). */
        private DType dtype(String name, JsonParser p) throws IOException {
            char[] c = p.getTextCharacters();
            int at = p.getTextOffset();
            if (p.getTextLength() == 3 && c[at] == 'F') {
                if (c[at + 1] == '3' && c[at + 2] == '2') return DType.F32;
                if (c[at + 1] == '6' && c[at + 2] == '4') return DType.F64;
            }
            throw error(where(name) + ": unsupported dtype \"" + p.getText() + "\" (supported: F32, F64)");
        }

        /** The free slot or the slot holding {@code name}. */
        private int slot(String name) {
            int k = name.hashCode() & (slots.length - 1);
            while (slots[k] != 0 && !names[slots[k] - 1].equals(name)) k = (k + 1) & (slots.length - 1);
            return k;
        }

        private void rehash() {
            int[] old = slots;
            slots = new int[2 * old.length];
            for (int s : old) if (s != 0) slots[slot(names[s - 1])] = s;
        }

        private void grow() {
            int m = 2 * names.length;
            names = Arrays.copyOf(names, m);
            dtypes = Arrays.copyOf(dtypes, m);
            begins = Arrays.copyOf(begins, m);
            ends = Arrays.copyOf(ends, m);
            shapeAt = Arrays.copyOf(shapeAt, m + 1);
        }

        /**
         * A JSON array of non-negative 64-bit integers into {@link #scratch}, the parser on its opening bracket;
         * returns its length. Messages are built only on failure: this runs for every tensor.
         */
        private int longs(JsonParser p, String name, String field, String notArray) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) throw error(where(name) + notArray);
            int k = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_NUMBER_INT) throw error(where(name) + " " + field + "[" + k + "] must be an integer, got " + p.getText());
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < 0)
                    throw error(where(name) + " " + field + "[" + k + "] must be a non-negative 64-bit integer, got " + p.getText());
                if (k == scratch.length) scratch = Arrays.copyOf(scratch, 2 * k);
                scratch[k++] = p.getLongValue();
            }
            return k;
        }

        /**
         * The entries in data order, checked to tile {@code data} exactly: sorted by offset (empty tensors
         * first at a tie), each starts where the last ended, the last ends at the end of the file.
         */
        Index index(MemorySegment data) throws MalformedFileException {
            int[] order = sortedByOffsets();
            long at = 0;
            for (int i : order) {
                if (begins[i] != at)
                    throw error(where(names[i]) + " starts at data offset " + begins[i] + " but the previous tensor ends at " + at
                            + " (tensors must tile the data buffer without gaps or overlap)");
                at = ends[i];
            }
            long size = data.byteSize();
            if (at > size)
                throw error("the data buffer described by the header needs " + at + " bytes but the file has only " + size + " left");
            if (at < size) throw error((size - at) + " unexpected bytes after the last tensor");
            String[] nm = new String[n];
            DType[] dt = new DType[n];
            long[] bg = new long[n];
            int[] sa = new int[n + 1], ds = new int[shapeAt[n]], rank = new int[n];
            for (int j = 0; j < n; j++) {
                int i = order[j], r = shapeAt[i + 1] - shapeAt[i];
                nm[j] = names[i];
                dt[j] = dtypes[i];
                bg[j] = begins[i];
                System.arraycopy(dims, shapeAt[i], ds, sa[j], r);
                sa[j + 1] = sa[j] + r;
                rank[i] = j;   // the inverse permutation, to renumber the name table
            }
            int[] sl = slots.clone();
            for (int k = 0; k < sl.length; k++) if (sl[k] != 0) sl[k] = rank[sl[k] - 1] + 1;
            return new Index(source, data, nm, dt, bg, sa, ds, sl, Map.of(), false);
        }

        /** Entry positions by (begin, end); usually already in order, as every writer emits them. */
        private int[] sortedByOffsets() {
            int[] order = new int[n];
            boolean sorted = true;
            for (int i = 0; i < n; i++) {
                order[i] = i;
                if (i > 0 && before(i, i - 1)) sorted = false;
            }
            if (!sorted) mergeSort(order, new int[n], 0, n);
            return order;
        }

        private boolean before(int a, int b) { return begins[a] < begins[b] || (begins[a] == begins[b] && ends[a] < ends[b]); }

        private void mergeSort(int[] a, int[] tmp, int lo, int hi) {
            if (hi - lo < 2) return;
            int mid = (lo + hi) >>> 1;
            mergeSort(a, tmp, lo, mid);
            mergeSort(a, tmp, mid, hi);
            System.arraycopy(a, lo, tmp, lo, hi - lo);
            for (int i = lo, j = mid, k = lo; k < hi; k++)
                a[k] = j >= hi || (i < mid && !before(tmp[j], tmp[i])) ? tmp[i++] : tmp[j++];
        }
    }

    // ------------------------------------------------------------------ writing

    static void write(OutputStream out, Map<String, NDArray> tensors, Map<String, String> metadata) throws IOException {
        if (metadata.containsKey(DIGEST_KEY)) throw new IllegalArgumentException("metadata key " + DIGEST_KEY + " is the writer's own");
        // the digest precedes the data in the header, so serialise the data once into the digest first
        MessageDigest sha = sha256();
        try (OutputStream d = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            for (NDArray a : tensors.values()) BinaryOutput.writeValues(d, a, ByteOrder.LITTLE_ENDIAN);
        }
        ObjectNode header = JSON.createObjectNode();
        ObjectNode m = header.putObject(METADATA);
        metadata.forEach(m::put);
        m.put(DIGEST_KEY, HexFormat.of().formatHex(sha.digest()));
        long at = 0;
        for (Map.Entry<String, NDArray> t : tensors.entrySet()) {
            if (t.getKey().equals(METADATA)) throw new IllegalArgumentException("a tensor may not be named " + METADATA);
            NDArray a = t.getValue();
            ObjectNode e = header.putObject(t.getKey());
            e.put("dtype", a.dtype().name());
            var shape = e.putArray("shape");
            for (int d : a.shape()) shape.add(d);
            long bytes = (long) a.size() * a.dtype().bytes();
            e.putArray("data_offsets").add(at).add(at + bytes);
            at += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] prefix = new byte[8 + padded];
        ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        System.arraycopy(json, 0, prefix, 8, json.length);
        Arrays.fill(prefix, 8 + json.length, prefix.length, (byte) ' ');
        out.write(prefix);
        for (NDArray a : tensors.values()) BinaryOutput.writeValues(out, a, ByteOrder.LITTLE_ENDIAN);
    }
}
