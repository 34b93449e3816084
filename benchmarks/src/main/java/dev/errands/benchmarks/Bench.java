package dev.errands.benchmarks;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * What {@code mvn -Pbenchmarks verify} runs: JMH with the given options (its console output as
 * usual), then {@code results.txt} beside the JSON: the machine, JMH's table, and a table per
 * scenario with each contender's ratio to {@code CompletableFuture} by hand.
 *
 * <p>Usage: {@code Bench <results folder> [JMH options]}. Listing and help options ({@code -l},
 * {@code -h}, {@code -lprof}, …) go straight to JMH.
 */
public final class Bench {
  private static final Set<String> JMH_ONLY = Set.of("-l", "-lp", "-h", "-lprof", "-lrf");
  private static final String BASELINE = "completableFuture";

  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: Bench <results folder> [JMH options]");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    String[] jmhArgs = Arrays.copyOfRange(args, 1, args.length);
    if (Arrays.stream(jmhArgs).anyMatch(JMH_ONLY::contains)) {
      org.openjdk.jmh.Main.main(jmhArgs);
      return;
    }
    Files.createDirectories(folder);
    Collection<RunResult> results = new Runner(new CommandLineOptions(jmhArgs)).run();
    Path text = folder.resolve("results.txt");
    try (var out = new PrintStream(Files.newOutputStream(text), true, StandardCharsets.UTF_8)) {
      out.println("# Errands benchmarks, " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));
      out.println();
      out.println(machine());
      out.println("JMH options: " + String.join(" ", Arrays.stream(jmhArgs).map(Bench::withoutFolders).toList()));
      out.println();
      out.println("## Ratios (score / CompletableFuture by hand, same scenario and caller)");
      out.println();
      ratios(results, out);
      out.println();
      out.println("## JMH");
      out.println();
      ResultFormatFactory.getInstance(ResultFormatType.TEXT, out).writeOut(results);
    }
    // The results are committed: they must not name the folders of the machine that made them.
    Path json = folder.resolve("results.json");
    if (Files.exists(json)) {
      Files.writeString(json, Files.readString(json).replace(System.getProperty("java.home"), "<java.home>"));
    }
    System.out.println("Results: " + json + " and " + text);
  }

  /** {@code /some/folder/results.json} as {@code results.json}; other arguments unchanged. */
  private static String withoutFolders(String argument) {
    return argument.contains("/") && argument.endsWith(".json")
        ? argument.substring(argument.lastIndexOf('/') + 1)
        : argument;
  }

  static String machine() {
    return String.format(Locale.ROOT, "Machine: %d cores, %s %s (%s), %s %s %s",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
        System.getProperty("java.vendor"),
        System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
  }

  private record Row(String scenario, String setting, String contender, RunResult result) {}

  private static void ratios(Collection<RunResult> results, PrintStream out) {
    Map<String, List<Row>> groups = new LinkedHashMap<>();
    for (RunResult r : results) {
      BenchmarkParams p = r.getParams();
      String[] name = p.getBenchmark().substring(Bench.class.getPackageName().length() + 1).split("\\.");
      String scenario = name[0];
      String contender = name[name.length - 1];
      List<String> setting = new ArrayList<>();
      if (name.length == 3) {
        setting.add(name[1].equals("VirtualCaller") ? "virtual caller" : "platform caller");
      }
      for (String key : new TreeMap<>(paramMap(p)).keySet()) {
        setting.add(key + "=" + p.getParam(key));
      }
      String s = String.join(", ", setting);
      groups.computeIfAbsent(scenario + " | " + s, k -> new ArrayList<>())
          .add(new Row(scenario, s, contender, r));
    }
    out.println("| scenario | setting | contender | score | unit | B/op | × CF | note |");
    out.println("| --- | --- | --- | ---: | --- | ---: | ---: | --- |");
    for (List<Row> rows : groups.values()) {
      Double baseline = rows.stream().filter(row -> row.contender.equals(BASELINE))
          .map(row -> row.result.getPrimaryResult().getScore()).findFirst().orElse(null);
      for (Row row : rows) {
        Result<?> primary = row.result.getPrimaryResult();
        Result<?> alloc = row.result.getSecondaryResults().get("gc.alloc.rate.norm");
        String ratio = baseline == null ? "" : String.format(Locale.ROOT, "%.2f", primary.getScore() / baseline);
        out.printf(Locale.ROOT, "| %s | %s | %s | %s ± %s | %s | %s | %s | %s |%n",
            row.scenario, row.setting, row.contender,
            number(primary.getScore()), number(primary.getScoreError()), primary.getScoreUnit(),
            alloc == null ? "" : number(alloc.getScore()), ratio, note(row));
      }
    }
  }

  private static Map<String, String> paramMap(BenchmarkParams p) {
    Map<String, String> m = new TreeMap<>();
    for (String key : p.getParamsKeys()) {
      m.put(key, p.getParam(key));
    }
    return m;
  }

  /** Scenario-specific figures: the bound of the latency scenario, time per step of a compile. */
  private static String note(Row row) {
    BenchmarkParams p = row.result.getParams();
    double score = row.result.getPrimaryResult().getScore();
    if (row.scenario.equals("Latency")) {
      double bound = Latency.boundMillis(p.getParam("executor"), Integer.parseInt(p.getParam("runs")));
      return String.format(Locale.ROOT, "%.2f × the bound of %s ms", score / bound, number(bound));
    }
    if (row.scenario.equals("ProcessorCompile")) {
      double perStep = score * 1000 / Integer.parseInt(p.getParam("steps"));
      return String.format(Locale.ROOT, "%s µs per step", number(perStep));
    }
    return "";
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (v >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (v >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

}
