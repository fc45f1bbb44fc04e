package org.odeon.experiments;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
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
 * {@code int long double float boolean String} or an enum. Overrides arrive as text ({@code --set lr=3e-3})
 * or as JSON values ({@code config.json} of a run being resumed) and are checked against the type.
 */
public final class Configs {
    private Configs() {}

    /** Every setting in declaration order. */
    public static Map<String, Object> toMap(Record config) {
        var out = new LinkedHashMap<String, Object>();
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            Object v = get(config, c);
            out.put(c.getName(), v instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : v);
        }
        return out;
    }

    /** The keys with their types, e.g. {@code steps (int), lr (double)}: what an error message lists. */
    public static String describeKeys(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(c -> c.getName() + " (" + typeName(c.getType()) + ")")
                .collect(Collectors.joining(", "));
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
        if (t.isEnum()) {
            for (Object k : t.getEnumConstants())
                if (((Enum<?>) k).name().equalsIgnoreCase(s)) return k;
            throw wrongType(c, text);
        }
        throw new IllegalStateException(owner.getSimpleName() + "." + c.getName() + " has unsupported config type " + t.getName());
    }

    private static double finite(double v, RecordComponent c, String text) {
        if (!Double.isFinite(v)) throw wrongType(c, text);
        return v;
    }

    private static Object fromJsonValue(Class<?> owner, RecordComponent c, Object v, String source) {
        Class<?> t = c.getType();
        boolean ok = switch (v) {
            case Integer i -> t == int.class || t == long.class || t == double.class || t == float.class;
            case Long l -> t == long.class || t == double.class || t == float.class;
            case Number n -> t == double.class || t == float.class;
            case Boolean b -> t == boolean.class;
            case String s -> t == String.class || t.isEnum();
            case null, default -> false;
        };
        if (!ok)
            throw new ExperimentException(source + ": config key '" + c.getName() + "' should be " + typeName(t) + ", got " + v);
        return parse(owner, c, String.valueOf(v));
    }

    private static ExperimentException wrongType(RecordComponent c, String text) {
        return new ExperimentException("config key '" + c.getName() + "' expects " + article(typeName(c.getType())) + ", got '" + text + "'");
    }

    static String typeName(Class<?> t) {
        if (t == int.class || t == long.class) return "integer";
        if (t == double.class || t == float.class) return "number";
        if (t == boolean.class) return "true/false";
        if (t == String.class) return "text";
        if (t.isEnum())
            return "one of " + Arrays.stream(t.getEnumConstants()).map(k -> ((Enum<?>) k).name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("|"));
        return t.getSimpleName();
    }

    private static String article(String typeName) {
        return typeName.startsWith("one of") || typeName.startsWith("true") || typeName.equals("text") ? typeName
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
