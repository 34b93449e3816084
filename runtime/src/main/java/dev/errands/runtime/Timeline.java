package dev.errands.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link RunListener} that keeps what it saw and draws a run as a timeline: a text Gantt chart
 * for the terminal ({@link #render()}) or a self-contained SVG picture ({@link #svg()}). One row per
 * step that started, bars on a shared time axis, the race winner and the cancelled losers marked.
 *
 * <pre>{@code
 * PizzaRace: SUCCEEDED in 300 ms
 *          0 ms                                           300 ms
 * luigis   |████████████████████████████████████████         | 250 ms  won race pizza
 * marios   |█████████████████████████████████████████░░░░░░░░| 300 ms  lost race pizza, cancelled
 * dinner   |                                        ██       |  10 ms  succeeded
 * }</pre>
 *
 * <p>A racer that started later than the first racer of its race (a hedged race's) says when; a racer
 * of a hedged race that never started has a row without a bar, "never started (race decided)", or
 * "never started (run ended)" when the run ended (failed, timed out, was cancelled) before its race
 * was decided.
 *
 * <pre>{@code
 * Mirrors: SUCCEEDED in 62 ms
 *          0 ms                                         62 ms
 * primary  |░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░|   62 ms  lost race page, cancelled
 * mirror   |                                       █████████|   12 ms  won race page, started at 50 ms
 * backup   |                                                |          never started (race decided)
 * }</pre>
 *
 * Thread-safe; keeps every event it was given, so use one per run or per batch of runs.
 */
public final class Timeline implements RunListener {
  private static final int WIDTH = 48;

  private final List<RunEvent> events = new ArrayList<>();

  /** A timeline that has seen no event yet. */
  public Timeline() {}

  @Override
  public synchronized void onEvent(RunEvent event) {
    events.add(event);
  }

  /** Every event seen so far, in the order they arrived. */
  public synchronized List<RunEvent> events() {
    return List.copyOf(events);
  }

  /** The last run that ended, as text. */
  public String render() {
    return render(lastRun());
  }

  /** The run {@code runId}, as text. */
  public String render(long runId) {
    return render(of(runId));
  }

  /** The last run that ended, as a self-contained SVG picture. */
  public String svg() {
    return svg(lastRun());
  }

  /** The run {@code runId}, as a self-contained SVG picture. */
  public String svg(long runId) {
    return svg(of(runId));
  }

  /** Writes {@link #svg()} to {@code file}. */
  public void writeSvg(Path file) throws IOException {
    Files.writeString(file, svg(), StandardCharsets.UTF_8);
  }

  private synchronized long lastRun() {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i) instanceof RunEvent.RunEnded ended) {
        return ended.runId();
      }
    }
    throw new IllegalStateException("no run has ended yet");
  }

  private synchronized List<RunEvent> of(long runId) {
    return events.stream().filter(e -> e.runId() == runId).toList();
  }

  // ---------------------------------------------------------------------------------------------

  /** One row of the chart: a step that started. */
  private record Row(String step, String race, long start, long end, String label, Kind kind, boolean critical) {}

  private enum Kind {
    SUCCEEDED, WON, FAILED, CANCELLED, RUNNING, NEVER_STARTED
  }

  private record Chart(String title, long start, long end, List<Row> rows, List<String> criticalPath) {
    long span() {
      return Math.max(1, end - start);
    }
  }

  private static Chart chart(List<RunEvent> events) {
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    String title = "run";
    List<String> criticalPath = List.of();
    Map<String, String> winners = new LinkedHashMap<>();
    Map<String, List<String>> neverStarted = new LinkedHashMap<>(); // per race decided
    Map<String, List<String>> neverStartedAtEnd = new LinkedHashMap<>(); // per race undecided as the run ended
    Map<String, Long> raceStarted = new LinkedHashMap<>(); // per race: when its first racer started
    Map<String, RunEvent.StepStarted> started = new LinkedHashMap<>();
    Map<String, RunEvent.StepEnded> ended = new LinkedHashMap<>();
    for (RunEvent event : events) {
      start = Math.min(start, event instanceof RunEvent.RunEnded e ? e.startNanos() : event.nanos());
      end = Math.max(end, event.nanos());
      switch (event) {
        case RunEvent.RunStarted s -> title = simpleName(s.workflow());
        case RunEvent.StepStarted s -> {
          started.putIfAbsent(s.step(), s);
          if (s.race() != null) {
            raceStarted.putIfAbsent(s.race(), s.nanos());
          }
        }
        case RunEvent.StepEnded e -> ended.put(e.step(), e);
        case RunEvent.RaceDecided d -> {
          if (d.winner() != null && d.succeeded()) {
            winners.put(d.race(), d.winner());
          }
          if (!d.neverStarted().isEmpty()) {
            neverStarted.put(d.race(), d.neverStarted());
          }
        }
        case RunEvent.RunEnded e -> {
          title = simpleName(e.workflow()) + ": " + e.outcome()
              + (e.failedStep() != null ? " (" + e.failedStep() + ")" : "")
              + " in " + millis(e.nanos() - e.startNanos());
          criticalPath = e.criticalPath();
          neverStartedAtEnd.putAll(e.neverStarted());
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (RunEvent.StepStarted s : started.values()) {
      RunEvent.StepEnded e = ended.get(s.step());
      if (e == null) {
        rows.add(new Row(s.step(), s.race(), s.nanos(), end, "still running", Kind.RUNNING, false));
        continue;
      }
      Kind kind;
      String label;
      if (s.race() != null && s.step().equals(winners.get(s.race()))) {
        kind = Kind.WON;
        label = "won race " + s.race();
      } else if (e.outcome() == RunEvent.Outcome.CANCELLED) {
        kind = Kind.CANCELLED;
        label = s.race() != null && winners.containsKey(s.race())
            ? "lost race " + s.race() + ", cancelled"
            : "cancelled";
      } else if (e.outcome() == RunEvent.Outcome.FAILED) {
        kind = Kind.FAILED;
        label = "failed: " + describe(e.failure());
      } else {
        kind = Kind.SUCCEEDED;
        label = "succeeded";
      }
      if (s.race() != null && s.nanos() - raceStarted.get(s.race()) >= 1_000_000) {
        label += ", started at " + millis(s.nanos() - start); // a hedged race's later racer
      }
      boolean critical = criticalPath.contains(s.step())
          || (s.race() != null && kind == Kind.WON && criticalPath.contains(s.race()));
      rows.add(new Row(s.step(), s.race(), s.nanos(), e.nanos(), label, kind, critical));
    }
    if (start == Long.MAX_VALUE) {
      start = end = 0;
    }
    addNeverStarted(rows, neverStarted, "never started (race decided)", start);
    addNeverStarted(rows, neverStartedAtEnd, "never started (run ended)", start);
    return new Chart(title, start, end, rows, criticalPath);
  }

  /** Rows without a bar for racers that never started, each after the racers of its race that did. */
  private static void addNeverStarted(List<Row> rows, Map<String, List<String>> races, String label, long start) {
    for (var race : races.entrySet()) {
      int at = rows.size();
      for (int i = 0; i < rows.size(); i++) {
        if (race.getKey().equals(rows.get(i).race())) {
          at = i + 1;
        }
      }
      for (String racer : race.getValue()) {
        rows.add(at++, new Row(racer, race.getKey(), start, start, label, Kind.NEVER_STARTED, false));
      }
    }
  }

  /** Draws {@code events} (of one run) as a text Gantt chart. */
  static String render(List<RunEvent> events) {
    Chart chart = chart(events);
    int nameWidth = chart.rows().stream().mapToInt(r -> r.step().length()).max().orElse(4);
    StringBuilder out = new StringBuilder();
    out.append(chart.title()).append('\n');
    String from = "0 ms";
    String to = millis(chart.span());
    out.append(" ".repeat(nameWidth + 2)).append(from)
        .append(" ".repeat(Math.max(1, WIDTH + 2 - from.length() - to.length()))) // under the bars' edges
        .append(to).append('\n');
    for (Row row : chart.rows()) {
      if (row.kind() == Kind.NEVER_STARTED) {
        out.append(String.format(Locale.ROOT, "%-" + nameWidth + "s  |%s| %7s  %s%n", row.step(), " ".repeat(WIDTH), "", row.label()));
        continue;
      }
      int first = column(chart, row.start());
      int last = Math.max(first + 1, column(chart, row.end()));
      char fill = row.kind() == Kind.CANCELLED ? '░' : '█';
      StringBuilder bar = new StringBuilder(" ".repeat(WIDTH));
      for (int c = first; c < Math.min(last, WIDTH); c++) {
        bar.setCharAt(c, fill);
      }
      out.append(String.format(Locale.ROOT, "%-" + nameWidth + "s  |%s| %7s  %s%s%n",
          row.step(), bar, millis(row.end() - row.start()), row.label(), row.critical() ? "  *" : ""));
    }
    if (!chart.criticalPath().isEmpty()) {
      out.append("* critical path: ").append(String.join(" -> ", chart.criticalPath())).append('\n');
    }
    return out.toString();
  }

  private static int column(Chart chart, long nanos) {
    return (int) Math.round((double) (nanos - chart.start()) * WIDTH / chart.span());
  }

  /** Draws {@code events} (of one run) as an SVG picture. */
  static String svg(List<RunEvent> events) {
    Chart chart = chart(events);
    int labelWidth = 12 + 8 * chart.rows().stream().mapToInt(r -> r.step().length()).max().orElse(4);
    int barsWidth = 560;
    int noteWidth = Math.max(320, 40 + 7 * chart.rows().stream()
        .mapToInt(r -> r.label().length() + millis(r.end() - r.start()).length()).max().orElse(0));
    int rowHeight = 26;
    int top = 48;
    int width = labelWidth + barsWidth + noteWidth;
    int height = top + rowHeight * chart.rows().size() + 16;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
            + " font-family=\"system-ui, sans-serif\" font-size=\"13\">%n", width, height, width, height));
    svg.append(String.format(Locale.ROOT, "  <rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
    svg.append(String.format(Locale.ROOT, "  <text x=\"8\" y=\"20\" font-weight=\"bold\">%s</text>%n", xml(chart.title())));
    if (!chart.criticalPath().isEmpty()) {
      svg.append(String.format(Locale.ROOT,
          "  <text x=\"%d\" y=\"20\" fill=\"#333\">critical path (outlined): %s</text>%n",
          labelWidth + barsWidth / 3, xml(String.join(" -> ", chart.criticalPath()))));
    }
    svg.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"40\" fill=\"#666\">0 ms</text>%n", labelWidth));
    svg.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"40\" fill=\"#666\" text-anchor=\"end\">%s</text>%n",
        labelWidth + barsWidth, millis(chart.span())));
    for (int i = 0; i < chart.rows().size(); i++) {
      Row row = chart.rows().get(i);
      int y = top + i * rowHeight;
      double x = labelWidth + (double) (row.start() - chart.start()) * barsWidth / chart.span();
      double w = Math.max(2, (double) (row.end() - row.start()) * barsWidth / chart.span());
      String color = switch (row.kind()) {
        case SUCCEEDED -> "#2e7d32";
        case WON -> "#f9a825";
        case FAILED -> "#c62828";
        case CANCELLED -> "#9e9e9e";
        case RUNNING -> "#1565c0";
        case NEVER_STARTED -> "none";
      };
      svg.append(String.format(Locale.ROOT, "  <text x=\"8\" y=\"%d\">%s</text>%n", y + 17, xml(row.step())));
      if (row.kind() == Kind.NEVER_STARTED) {
        svg.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\" fill=\"#666\">%s</text>%n",
            labelWidth + barsWidth + 10, y + 17, xml(row.label())));
        continue;
      }
      svg.append(String.format(Locale.ROOT,
          "  <rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" rx=\"3\" fill=\"%s\"%s><title>%s: %s, %s%s</title></rect>%n",
          x, y + 4, w, color, row.critical() ? " stroke=\"#000000\" stroke-width=\"2\"" : "",
          xml(row.step()), xml(row.label()), millis(row.end() - row.start()), row.critical() ? ", on the critical path" : ""));
      svg.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\" fill=\"#333\">%s  %s</text>%n",
          labelWidth + barsWidth + 10, y + 17, millis(row.end() - row.start()), xml(row.label())));
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static String millis(long nanos) {
    double ms = nanos / 1_000_000.0;
    return ms >= 10 || ms == Math.rint(ms)
        ? String.format(Locale.ROOT, "%d ms", Math.round(ms))
        : String.format(Locale.ROOT, "%.1f ms", ms);
  }

  private static String describe(Throwable failure) {
    if (failure == null) {
      return "?";
    }
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String simpleName(String qualified) {
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
