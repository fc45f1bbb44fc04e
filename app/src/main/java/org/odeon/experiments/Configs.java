package org.odeon.experiments;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Config records as named, typed settings. A config key is a record component name; its type is one of
 * {@code int long double float boolean String}, an enum, or a {@code List} of integers, numbers or an enum.
 * Overrides arrive as text ({@code --set lr=3e-3}, {@code --set depths=2,4,8}) or as JSON values
 * ({@code config.json} of a run being resumed) and are checked against the type. An enum constant is written
 * in lower case with '-' for '_' ({@code HENON_HEILES} is {@code henon-heiles}); a wrong one is an error listing
 * the choices. {@link #with} derives one config from another (the paper scale from the quick one).
 */
public final class Configs {
    private Configs() {}

    /** Every setting in declaration order. */
    public static Map<String, Object> toMap(Record config) {
        var out = new LinkedHashMap<String, Object>();
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            Object v = get(config, c);
            out.put(c.getName(), v instanceof List<?> l ? l.stream().map(Configs::plain).toList() : plain(v));
        }
        return out;
    }

    /** The keys with their types, e.g. {@code steps (int), lr (double)}: what an error message lists. */
    public static String describeKeys(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(c -> c.getName() + " (" + typeName(c) + ")")
                .collect(Collectors.joining(", "));
    }

    /** Each key with its type and, for an enum or a list of one, its choices: what {@code odeon list NAME} shows. */
    public static Map<String, String> types(Class<? extends Record> type) {
        var out = new LinkedHashMap<String, String>();
        for (RecordComponent c : type.getRecordComponents()) out.put(c.getName(), typeName(c));
        return out;
    }

    /** A value as {@code --set} takes it: an enum by its name, a list comma-separated. */
    public static String format(Object value) {
        if (value instanceof List<?> l) return l.stream().map(v -> String.valueOf(plain(v))).collect(Collectors.joining(","));
        return String.valueOf(plain(value));
    }

    /**
     * A copy of {@code base} with the given keys changed, e.g. {@code with(quick, "epochs", 3000, "lr", 2e-3)}:
     * how a paper scale is derived from the quick one. Keys and value types are checked (an integer is taken for a
     * number), and the record validates the result.
     */
    public static <C extends Record> C with(C base, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("with(...) takes key, value pairs; got " + keysAndValues.length + " arguments");
        @SuppressWarnings("unchecked") Class<C> type = (Class<C>) base.getClass();
        var changes = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) changes.put((String) keysAndValues[i], keysAndValues[i + 1]);
        checkKnown(type, changes.keySet());
        RecordComponent[] comps = type.getRecordComponents();
        Object[] args = new Object[comps.length];
        for (int i = 0; i < comps.length; i++) {
            String k = comps[i].getName();
            args[i] = changes.containsKey(k) ? coerce(comps[i], changes.get(k)) : get(base, comps[i]);
        }
        return construct(type, args);
    }

    private static Object coerce(RecordComponent c, Object v) {
        Class<?> t = c.getType();
        if ((t == double.class || t == Double.class) && v instanceof Number n) return n.doubleValue();
        if ((t == long.class || t == Long.class) && v instanceof Integer n) return n.longValue();
        if (t == float.class && v instanceof Number n) return n.floatValue();
        Class<?> boxed = t == int.class ? Integer.class : t == long.class ? Long.class : t == double.class ? Double.class : t == boolean.class ? Boolean.class : t;
        if (!boxed.isInstance(v)) throw new IllegalArgumentException("config key '" + c.getName() + "' is " + typeName(c) + ", not " + v);
        if (v instanceof List<?> l) {
            Class<?> e = elementType(c);
            for (Object x : l) if (!e.isInstance(x)) throw new IllegalArgumentException("config key '" + c.getName() + "' is " + typeName(c) + ", not " + v);
            return List.copyOf(l);
        }
        return v;
    }

    /** {@code base} with the textual {@code overrides} applied; an unknown key or an unparsable value is an error. */
    public static <C extends Record> C override(C base, Map<String, String> overrides) {
        @SuppressWarnings("unchecked") Class<C> type = (Class<C>) base.getClass();
        checkKnown(type, overrides.keySet());
        RecordComponent[] comps = type.getRecordComponents();
        Object[] args = new Object[comps.length];
        for (int i = 0; i < comps.length; i++) {
            String text = overrides.get(comps[i].getName());
            args[i] = text == null ? get(base, comps[i]) : parse(type, comps[i], text);
        }
        return construct(type, args);
    }

    /** A config from a JSON object (as read from {@code config.json}); every key must be present. */
    public static <C extends Record> C fromJson(Class<C> type, Map<String, Object> json, String source) {
        var missing = new ArrayList<String>();
        for (RecordComponent c : type.getRecordComponents()) if (!json.containsKey(c.getName())) missing.add(c.getName());
        if (!missing.isEmpty())
            throw new ExperimentException(source + ": config lacks " + String.join(", ", missing) + " (this version expects " + describeKeys(type) + ")");
        Object[] args = new Object[type.getRecordComponents().length];
        int i = 0;
        for (RecordComponent c : type.getRecordComponents()) args[i++] = fromJsonValue(type, c, json.get(c.getName()), source);
        checkKnown(type, json.keySet());
        return construct(type, args);
    }

    private static void checkKnown(Class<? extends Record> type, java.util.Set<String> keys) {
        var names = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
        List<String> unknown = keys.stream().filter(k -> !names.contains(k)).toList();
        if (!unknown.isEmpty())
            throw new ExperimentException("unknown config key" + (unknown.size() > 1 ? "s " : " ") + unknown.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "))
                    + "; valid keys: " + describeKeys(type));
    }

    private static Object parse(Class<?> owner, RecordComponent c, String text) {
        Class<?> t = c.getType();
        String s = text.strip();
        if (t == List.class) {
            Class<?> e = elementType(c);
            List<Object> out = new ArrayList<>();
            for (String part : s.split(",")) {
                Object v = parseScalar(e, part.strip());
                if (v == null || part.isBlank()) throw wrongType(c, text);
                out.add(v);
            }
            return List.copyOf(out);
        }
        if (t.isEnum()) {
            Object v = parseScalar(t, s);
            if (v == null) throw wrongType(c, text);
            return v;
        }
        try {
            if (t == int.class) return Integer.parseInt(s.replace("_", ""));
            if (t == long.class) return Long.parseLong(s.replace("_", ""));
            if (t == double.class) return finite(Double.parseDouble(s), c, text);
            if (t == float.class) return (float) finite(Float.parseFloat(s), c, text);
        } catch (NumberFormatException e) {
            throw wrongType(c, text);
        }
        if (t == boolean.class) {
            if (s.equalsIgnoreCase("true")) return true;
            if (s.equalsIgnoreCase("false")) return false;
            throw wrongType(c, text);
        }
        if (t == String.class) return text;
        throw new IllegalStateException(owner.getSimpleName() + "." + c.getName() + " has unsupported config type " + t.getName());
    }

    /** One list element or enum constant from text, or null if it is not one. */
    private static Object parseScalar(Class<?> t, String s) {
        if (t.isEnum()) {
            for (Object k : t.getEnumConstants())
                if (choice((Enum<?>) k).equalsIgnoreCase(s.replace('_', '-'))) return k;
            return null;
        }
        try {
            if (t == Integer.class) return Integer.parseInt(s.replace("_", ""));
            if (t == Double.class) {
                double v = Double.parseDouble(s);
                return Double.isFinite(v) ? v : null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        throw new IllegalStateException("unsupported config list element type " + t.getName());
    }

    /** An enum constant as written in configs: lower case, '-' for '_'. */
    public static String choice(Enum<?> k) { return k.name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    private static Object plain(Object v) { return v instanceof Enum<?> e ? choice(e) : v; }

    /** The element class of a {@code List<E>} component. */
    private static Class<?> elementType(RecordComponent c) {
        Type g = c.getGenericType();
        if (g instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> e
                && (e == Integer.class || e == Double.class || e.isEnum())) return e;
        throw new IllegalStateException("config list " + c.getName() + " must be a List of Integer, Double or an enum, is " + g);
    }

    private static double finite(double v, RecordComponent c, String text) {
        if (!Double.isFinite(v)) throw wrongType(c, text);
        return v;
    }

    private static Object fromJsonValue(Class<?> owner, RecordComponent c, Object v, String source) {
        Class<?> t = c.getType();
        if (t == List.class && v instanceof List<?> l) return parse(owner, c, l.stream().map(String::valueOf).collect(Collectors.joining(",")));
        boolean ok = switch (v) {
            case Integer i -> t == int.class || t == long.class || t == double.class || t == float.class;
            case Long l -> t == long.class || t == double.class || t == float.class;
            case Number n -> t == double.class || t == float.class;
            case Boolean b -> t == boolean.class;
            case String s -> t == String.class || t.isEnum() || t == List.class;
            case null, default -> false;
        };
        if (!ok)
            throw new ExperimentException(source + ": config key '" + c.getName() + "' should be " + typeName(c) + ", got " + v);
        return parse(owner, c, String.valueOf(v));
    }

    private static ExperimentException wrongType(RecordComponent c, String text) {
        return new ExperimentException("config key '" + c.getName() + "' expects " + article(typeName(c)) + ", got '" + text + "'");
    }

    static String typeName(RecordComponent c) {
        return c.getType() == List.class ? "comma-separated list of " + plural(typeName(elementType(c))) : typeName(c.getType());
    }

    static String typeName(Class<?> t) {
        if (t == int.class || t == long.class || t == Integer.class) return "integer";
        if (t == double.class || t == float.class || t == Double.class) return "number";
        if (t == boolean.class) return "true/false";
        if (t == String.class) return "text";
        if (t.isEnum()) return "one of " + Arrays.stream(t.getEnumConstants()).map(k -> choice((Enum<?>) k)).collect(Collectors.joining("|"));
        return t.getSimpleName();
    }

    private static String plural(String typeName) {
        return typeName.startsWith("one of ") ? typeName.substring(7) : typeName + "s";
    }

    private static String article(String typeName) {
        return typeName.startsWith("one of") || typeName.startsWith("true") || typeName.startsWith("comma") || typeName.equals("text") ? typeName
                : (typeName.startsWith("i") ? "an " : "a ") + typeName;
    }

    private static Object get(Record r, RecordComponent c) {
        try {
            var accessor = c.getAccessor();
            accessor.setAccessible(true);  // configs may be records nested in non-public classes
            return accessor.invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read config " + r.getClass().getSimpleName() + "." + c.getName(), e);
        }
    }

    private static <C extends Record> C construct(Class<C> type, Object[] args) {
        Class<?>[] types = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<C> k = type.getDeclaredConstructor(types);
            k.setAccessible(true);
            return k.newInstance(args);
        } catch (InvocationTargetException e) {
            // The record's own validation (e.g. "steps must be positive") is a user error too.
            if (e.getCause() instanceof IllegalArgumentException iae) throw new ExperimentException(iae.getMessage());
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }
}
