package io.jrack.runtime.container;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A timer's 5-field cron schedule (minute hour day-of-month month day-of-week, as the manifest
 * normalises it): numbers, {@code *}, ranges, steps, lists, and month and day names. As in cron,
 * when both day fields are restricted a day matching either one runs.
 */
record Schedule(String text, BitSet minutes, BitSet hours, BitSet days, BitSet months, BitSet weekdays, boolean anyDay, boolean anyWeekday) {
  private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> WEEKDAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  /** Fails saying the field and the rule when a field is not one this class reads. */
  static Schedule parse(String text) {
    String[] f = text.strip().split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException("schedule \"" + text + "\" (expected 5 fields: minute hour day-of-month month day-of-week)");
    }
    BitSet weekdays = field(text, f[4], 0, 7, WEEKDAYS, 0);
    if (weekdays.get(7)) {
      weekdays.set(0);
    }
    return new Schedule(text, field(text, f[0], 0, 59, List.of(), 0), field(text, f[1], 0, 23, List.of(), 0), field(text, f[2], 1, 31, List.of(), 0),
        field(text, f[3], 1, 12, MONTHS, 1), weekdays, wild(f[2]), wild(f[4]));
  }

  private static boolean wild(String field) {
    return field.equals("*") || field.equals("?");
  }

  private static BitSet field(String text, String field, int min, int max, List<String> names, int firstName) {
    BitSet out = new BitSet();
    for (String part : field.split(",")) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(text, part.substring(slash + 1), names, firstName);
      }
      int from;
      int to;
      if (range.equals("*") || range.equals("?")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        from = number(text, range.substring(0, range.indexOf('-')), names, firstName);
        to = number(text, range.substring(range.indexOf('-') + 1), names, firstName);
      } else {
        from = number(text, range, names, firstName);
        to = slash >= 0 ? max : from;
      }
      if (from < min || to > max || from > to || step < 1) {
        throw new IllegalArgumentException("schedule \"" + text + "\": field " + field + " (expected values " + min + "-" + max + ")");
      }
      for (int v = from; v <= to; v += step) {
        out.set(v);
      }
    }
    return out;
  }

  private static int number(String text, String s, List<String> names, int firstName) {
    int named = names.indexOf(s.toUpperCase(Locale.ROOT));
    if (named >= 0) {
      return named + firstName;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("schedule \"" + text + "\": " + s + " (expected a number, *, a range a-b, a step /n or a name)");
    }
  }

  boolean matches(ZonedDateTime t) {
    if (!minutes.get(t.getMinute()) || !hours.get(t.getHour()) || !months.get(t.getMonthValue())) {
      return false;
    }
    boolean day = days.get(t.getDayOfMonth());
    boolean weekday = weekdays.get(t.getDayOfWeek().getValue() % 7);
    if (anyDay || anyWeekday) {
      return (anyDay || day) && (anyWeekday || weekday);
    }
    return day || weekday;
  }

  /** The first minute after {@code t} the schedule runs at; empty-handed after four years (a 31st of February). */
  ZonedDateTime next(ZonedDateTime t) {
    ZonedDateTime m = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    ZonedDateTime limit = m.plusYears(4);
    while (m.isBefore(limit)) {
      if (!months.get(m.getMonthValue())) {
        m = m.withDayOfMonth(1).withHour(0).withMinute(0).plusMonths(1);
      } else if (!hours.get(m.getHour())) {
        m = m.withMinute(0).plusHours(1);
      } else if (matches(m)) {
        return m;
      } else {
        m = m.plusMinutes(1);
      }
    }
    throw new IllegalArgumentException("schedule \"" + text + "\" never runs");
  }
}
