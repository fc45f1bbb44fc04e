package org.odeon.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odeon.tensor.DType;
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
 * Only F32 and F64 tensors are supported; other dtypes are rejected by name.
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
        try (BinaryInput in = BinaryInput.open(file)) {
            return read(in);
        }
    }

    /** Writes atomically, tensors in the map's order. */
    public static void write(Path file, Map<String, NDArray> tensors) throws IOException { write(file, tensors, Map.of()); }

    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) throws IOException {
        AtomicFiles.write(file, out -> write(out, tensors, metadata));
    }

    // ------------------------------------------------------------------ reading

    private record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

    static Contents read(BinaryInput in) throws IOException {
        long n = in.readLongLE("header length");
        if (n < 0 || n > MAX_HEADER) throw in.error("header length " + Long.toUnsignedString(n) + " exceeds the " + MAX_HEADER + "-byte limit");
        Header header = parseHeader(in, in.readBytes((int) n, "header of " + n + " bytes"));
        Map<String, String> metadata = header.metadata();
        List<Entry> entries = header.entries();
        // the tensors must tile the data buffer: sorted by offset (empty tensors first at a tie), each
        // starts where the last ended
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        for (Entry e : entries) {
            if (e.begin != at)
                throw in.error("tensor '" + e.name + "' starts at data offset " + e.begin + " but the previous tensor ends at " + at
                        + " (tensors must tile the data buffer without gaps or overlap)");
            at = e.end;
        }
        in.require(at, "the data buffer described by the header");
        String digest = metadata.remove(DIGEST_KEY);
        MessageDigest sha = digest == null ? null : sha256();
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            int count = (int) ((e.end - e.begin) / e.dtype.bytes());
            double[] data = in.readValues(e.dtype == DType.F32 ? Element.F32 : Element.F64, ByteOrder.LITTLE_ENDIAN, count, "tensor '" + e.name + "'", sha);
            tensors.put(e.name, NDArray.of(e.dtype, e.shape, data));
        }
        in.expectEnd("the last tensor");
        if (sha != null && !HexFormat.of().formatHex(sha.digest()).equals(digest))
            throw in.error("the data does not match its SHA-256 digest in the header: the file is corrupted");
        return new Contents(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata), digest != null);
    }

    private record Header(Map<String, String> metadata, List<Entry> entries) {}

    /**
     * The header as the format defines it: strict UTF-8, a JSON object from the first byte, then only
     * spaces. It is read as a token stream straight into entries (no tree), so a header of a million
     * tensors costs little more than the tensors; Jackson, set to reject trailing tokens and duplicate
     * names, refuses {@code {}{}}, NULs and other garbage.
     */
    private static Header parseHeader(BinaryInput in, byte[] bytes) throws MalformedFileException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw in.error("header is not valid UTF-8");
        }
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') end--;
        if (end == 0 || text.charAt(0) != '{')
            throw in.error("header must be a JSON object starting at its first byte, padded only with trailing spaces");
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        try (JsonParser p = JSON.createParser(text.substring(0, end))) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals(METADATA)) metadata = parseMetadata(in, p);
                else entries.add(parseEntry(in, name, p));
            }
            if (p.nextToken() != null) throw in.error("header is not valid JSON: data after the header object");
        } catch (JacksonException e) {
            throw new MalformedFileException(in.source, "header is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (MalformedFileException e) {
            throw e;
        } catch (IOException e) {   // the parser reads a String: no other I/O can fail
            throw new MalformedFileException(in.source, "header is not valid JSON: " + e.getMessage(), e);
        }
        return new Header(metadata, entries);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static Map<String, String> parseMetadata(BinaryInput in, JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) throw in.error(METADATA + " must be a JSON object of strings, got " + p.getText());
        Map<String, String> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) throw in.error(METADATA + " value of '" + key + "' must be a string, got " + p.getText());
            m.put(key, p.getText());
        }
        return m;
    }

    private static Entry parseEntry(BinaryInput in, String name, JsonParser p) throws IOException {
        String where = "tensor '" + name + "'";
        if (p.currentToken() != JsonToken.START_OBJECT) throw in.error(where + " must be a JSON object, got " + p.getText());
        String dtypeName = null;
        long[] shape = null, offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "dtype" -> {
                    if (p.currentToken() != JsonToken.VALUE_STRING) throw in.error(where + ": missing or non-string \"dtype\"");
                    dtypeName = p.getText();
                }
                case "shape" -> shape = longs(in, p, where + " shape", where + ": missing or non-array \"shape\"");
                case "data_offsets" -> offsets = longs(in, p, where + " data_offsets", where + ": \"data_offsets\" must be an array [begin, end]");
                default -> p.skipChildren();
            }
        }
        if (dtypeName == null) throw in.error(where + ": missing or non-string \"dtype\"");
        DType dtype = switch (dtypeName) {
            case "F32" -> DType.F32;
            case "F64" -> DType.F64;
            default -> throw in.error(where + ": unsupported dtype \"" + dtypeName + "\" (supported: F32, F64)");
        };
        if (shape == null) throw in.error(where + ": missing or non-array \"shape\"");
        int[] dims = new int[shape.length];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (shape[i] > Integer.MAX_VALUE || (count *= shape[i]) > Integer.MAX_VALUE) // checked factors: the long cannot overflow
                throw in.error(where + ": shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
            dims[i] = (int) shape[i];
        }
        if (offsets == null || offsets.length != 2) throw in.error(where + ": \"data_offsets\" must be an array [begin, end]");
        long begin = offsets[0], end = offsets[1];
        if (end < begin) throw in.error(where + ": data_offsets end " + end + " is before begin " + begin);
        if (end - begin != count * dtype.bytes())
            throw in.error(where + ": data_offsets span " + (end - begin) + " bytes but " + dtype + " shape " + Arrays.toString(shape)
                    + " needs " + count * dtype.bytes());
        return new Entry(name, dtype, dims, begin, end);
    }

    /** A JSON array of non-negative 64-bit integers, the parser on its opening bracket. */
    private static long[] longs(BinaryInput in, JsonParser p, String what, String notArray) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) throw in.error(notArray);
        long[] out = new long[4];
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            String at = what + "[" + n + "]";
            if (t != JsonToken.VALUE_NUMBER_INT) throw in.error(at + " must be an integer, got " + p.getText());
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < 0)
                throw in.error(at + " must be a non-negative 64-bit integer, got " + p.getText());
            if (n == out.length) out = Arrays.copyOf(out, 2 * n);
            out[n++] = p.getLongValue();
        }
        return Arrays.copyOf(out, n);
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
