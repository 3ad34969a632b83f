package dev.botsim.cognigy.sandbox;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cognigy's system slots, found by simple English patterns and given in Cognigy's shapes: arrays of
 * numbers ({@code NUMBER:[100,143]}), of strings ({@code EMAIL}, {@code URL}), of objects
 * ({@code DATE:[{start:{...,ISODate,plain,grain},end,text}]}, {@code MONEY:[{value,unit}]},
 * {@code DISTANCE}) and one object ({@code DURATION:{hour,minute,second}}). A slot is given only when
 * the bot enables it and the text has it. Far simpler than Cognigy's NLU, and documented as such.
 */
final class SystemSlots {

    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Pattern URL = Pattern.compile("https?://[^\\s,;]+[^\\s,;.!?]");
    /** How Cognigy writes a DATE's {@code ISODate}: seconds, no fraction, the zone's offset ({@code Z} for UTC). */
    private static final java.time.format.DateTimeFormatter ISO_DATE_WITH_OFFSET =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
    private static final Pattern ISO_DATE = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");
    private static final Pattern RELATIVE_DATE = Pattern.compile("(?i)\\b(today|tomorrow|yesterday)\\b");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.@/-])-?\\d+(?:\\.\\d+)?(?![\\w@/])(?!\\.\\d)");
    private static final Pattern MONEY_AFTER = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*(dollars?|usd|euros?|eur|€|\\$)(?!\\w)");
    private static final Pattern MONEY_BEFORE = Pattern.compile("([$€])\\s*(\\d+(?:\\.\\d+)?)");
    private static final Pattern DURATION = Pattern.compile("(?i)\\b(\\d+)\\s*(hours?|minutes?|mins?|seconds?|secs?)\\b");
    private static final Pattern DISTANCE = Pattern.compile("(?i)\\b(\\d+(?:\\.\\d+)?)\\s*(kilometers?|kilometres?|km|miles?|meters?|metres?)\\b");
    private static final Pattern AGE = Pattern.compile("(?i)\\b(\\d+)\\s*years?\\s+old\\b");
    private static final Pattern PERCENTAGE = Pattern.compile("(?i)\\b(\\d+(?:\\.\\d+)?)\\s*(?:%|percent\\b)");
    private static final Pattern TEMPERATURE = Pattern.compile("(?i)\\b(\\d+(?:\\.\\d+)?)\\s*degrees?\\b");

    private SystemSlots() {
    }

    /**
     * The enabled system slots found in {@code text}, dates relative to {@code today} and written in the project's time
     * zone {@code zone}: a DATE's {@code ISODate} carries its offset ({@code 2026-12-24T00:00:00+01:00}, {@code Z} in UTC),
     * as Cognigy's does.
     */
    static Map<String, Object> extract(String text, List<String> enabled, LocalDate today, java.time.ZoneId zone) {
        Map<String, Object> slots = new LinkedHashMap<>();
        if (text == null || text.isBlank() || enabled.isEmpty()) return slots;
        for (String slot : BotDefinition.SYSTEM_SLOTS) {
            if (!enabled.contains(slot)) continue;
            Object value = switch (slot) {
                case "EMAIL" -> strings(EMAIL, text);
                case "URL" -> strings(URL, text);
                case "DATE" -> dates(text, today, zone);
                case "NUMBER" -> numbers(text);
                case "MONEY" -> money(text);
                case "DURATION" -> duration(text);
                case "DISTANCE" -> distances(text);
                case "AGE" -> firstGroups(AGE, text);
                case "PERCENTAGE" -> firstGroups(PERCENTAGE, text);
                case "TEMPERATURE" -> firstGroups(TEMPERATURE, text);
                default -> null;
            };
            if (value instanceof List<?> list && list.isEmpty()) continue;
            if (value != null) slots.put(slot, value);
        }
        return slots;
    }

    private static List<Object> strings(Pattern pattern, String text) {
        List<Object> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) found.add(m.group());
        return found;
    }

    private static List<Object> firstGroups(Pattern pattern, String text) {
        List<Object> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) found.add(number(m.group(1)));
        return found;
    }

    /** Numbers outside e-mail addresses, URLs and ISO dates, which Cognigy reads as slots of their own. */
    private static List<Object> numbers(String text) {
        String rest = ISO_DATE.matcher(URL.matcher(EMAIL.matcher(text).replaceAll(" ")).replaceAll(" ")).replaceAll(" ");
        List<Object> found = new ArrayList<>();
        Matcher m = NUMBER.matcher(rest);
        while (m.find()) found.add(number(m.group()));
        return found;
    }

    private static List<Object> money(String text) {
        List<Object> found = new ArrayList<>();
        Matcher after = MONEY_AFTER.matcher(text);
        while (after.find()) found.add(amount(after.group(1), after.group(2)));
        Matcher before = MONEY_BEFORE.matcher(text);
        while (before.find()) found.add(amount(before.group(2), before.group(1)));
        return found;
    }

    private static Map<String, Object> amount(String value, String unit) {
        String lower = unit.toLowerCase(Locale.ROOT);
        Map<String, Object> money = new LinkedHashMap<>();
        money.put("value", number(value));
        money.put("unit", lower.startsWith("e") || lower.equals("€") ? "€" : "$");
        return money;
    }

    /** DURATION is one object, not an array: {@code {hour, minute, second}}, null where not said. */
    private static Map<String, Object> duration(String text) {
        Matcher m = DURATION.matcher(text);
        Map<String, Object> duration = new LinkedHashMap<>();
        duration.put("hour", null);
        duration.put("minute", null);
        duration.put("second", null);
        boolean any = false;
        while (m.find()) {
            String unit = m.group(2).toLowerCase(Locale.ROOT);
            String key = unit.startsWith("h") ? "hour" : unit.startsWith("m") ? "minute" : "second";
            duration.put(key, Integer.parseInt(m.group(1)));
            any = true;
        }
        return any ? duration : null;
    }

    private static List<Object> distances(String text) {
        List<Object> found = new ArrayList<>();
        Matcher m = DISTANCE.matcher(text);
        while (m.find()) {
            String unit = m.group(2).toLowerCase(Locale.ROOT);
            Map<String, Object> distance = new LinkedHashMap<>();
            distance.put("value", number(m.group(1)));
            distance.put("unit", unit.startsWith("k") ? "kilometre" : unit.startsWith("mi") ? "mile" : "metre");
            found.add(distance);
        }
        return found;
    }

    private static List<Object> dates(String text, LocalDate today, java.time.ZoneId zone) {
        List<Object> found = new ArrayList<>();
        Matcher iso = ISO_DATE.matcher(text);
        while (iso.find()) {
            try {
                found.add(date(LocalDate.parse(iso.group()), iso.group(), zone));
            } catch (DateTimeParseException e) {
                // Cognigy drops invalid dates (2023-02-29) rather than guessing.
            }
        }
        Matcher relative = RELATIVE_DATE.matcher(text);
        while (relative.find()) {
            String word = relative.group(1).toLowerCase(Locale.ROOT);
            LocalDate day = switch (word) {
                case "tomorrow" -> today.plusDays(1);
                case "yesterday" -> today.minusDays(1);
                default -> today;
            };
            found.add(date(day, relative.group(1), zone));
        }
        return found;
    }

    private static Map<String, Object> date(LocalDate day, String said, java.time.ZoneId zone) {
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("year", day.getYear());
        start.put("month", day.getMonthValue());
        start.put("day", day.getDayOfMonth());
        start.put("hour", 0);
        start.put("minute", 0);
        start.put("second", 0);
        start.put("millisecond", 0);
        start.put("weekday", day.getDayOfWeek().getValue());
        start.put("dayOfWeek", day.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        start.put("ISODate", ISO_DATE_WITH_OFFSET.format(day.atStartOfDay(zone)));
        start.put("plain", day.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + day.getDayOfMonth() + ", " + day.getYear());
        start.put("grain", "day");
        start.put("text", said);
        Map<String, Object> date = new LinkedHashMap<>();
        date.put("start", start);
        date.put("end", null);
        date.put("text", said);
        return date;
    }

    private static Object number(String digits) {
        BigDecimal value = new BigDecimal(digits);
        if (value.stripTrailingZeros().scale() <= 0) {
            try {
                return value.longValueExact();
            } catch (ArithmeticException e) {
                return value;
            }
        }
        return value.doubleValue();
    }
}
