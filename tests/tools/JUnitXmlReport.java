import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Ignore;
import org.junit.internal.TextListener;
import org.junit.runner.Description;
import org.junit.runner.JUnitCore;
import org.junit.runner.Result;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;

/**
 * Runs JUnit 4 test classes like org.junit.runner.JUnitCore and also writes a
 * JUnit XML case report (passed, failed, skipped by an assumption or @Ignore,
 * with the message) for tests/tools/summarize.py.
 *
 * <p>usage: java JUnitXmlReport REPORT.xml CLASS...
 */
public final class JUnitXmlReport extends RunListener {
  /** One case: its failure or skip message, null when it passed. */
  private static final class Outcome {
    String failure;
    String skipped;
  }

  private final Map<Description, Outcome> cases = new LinkedHashMap<>();

  private Outcome at(Description d) {
    return cases.computeIfAbsent(d, k -> new Outcome());
  }

  @Override
  public void testStarted(Description d) {
    at(d);
  }

  @Override
  public void testFailure(Failure f) {
    at(f.getDescription()).failure = String.valueOf(f.getMessage() != null ? f.getMessage() : f.getException());
  }

  @Override
  public void testAssumptionFailure(Failure f) {
    at(f.getDescription()).skipped = f.getMessage() != null ? f.getMessage() : "assumption failed";
  }

  @Override
  public void testIgnored(Description d) {
    Ignore ignore = d.getAnnotation(Ignore.class);
    at(d).skipped = "@Ignore" + (ignore != null && !ignore.value().isEmpty() ? ": " + ignore.value() : "");
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&': b.append("&amp;"); break;
        case '<': b.append("&lt;"); break;
        case '>': b.append("&gt;"); break;
        case '"': b.append("&quot;"); break;
        case '\n': b.append("&#10;"); break;
        default: b.append(c < 0x20 && c != '\t' ? ' ' : c);
      }
    }
    return b.toString();
  }

  private void write(String path) throws IOException {
    try (Writer w = Files.newBufferedWriter(Paths.get(path), StandardCharsets.UTF_8)) {
      w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\"junit4\" tests=\""
          + cases.size() + "\">\n");
      for (Map.Entry<Description, Outcome> e : cases.entrySet()) {
        Description d = e.getKey();
        String classname = d.getClassName() != null ? d.getClassName() : "";
        String name = d.getMethodName() != null ? d.getMethodName() : "(class)";
        w.write("<testcase classname=\"" + escape(classname) + "\" name=\"" + escape(name) + "\"");
        Outcome o = e.getValue();
        if (o.failure != null) {
          w.write("><failure message=\"" + escape(o.failure) + "\"/></testcase>\n");
        } else if (o.skipped != null) {
          w.write("><skipped message=\"" + escape(o.skipped) + "\"/></testcase>\n");
        } else {
          w.write("/>\n");
        }
      }
      w.write("</testsuite>\n</testsuites>\n");
    }
  }

  public static void main(String[] args) throws Exception {
    Class<?>[] classes = new Class<?>[args.length - 1];
    for (int i = 1; i < args.length; i++) {
      classes[i - 1] = Class.forName(args[i]);
    }
    JUnitXmlReport report = new JUnitXmlReport();
    JUnitCore core = new JUnitCore();
    core.addListener(new TextListener(System.out));
    core.addListener(report);
    Result result = core.run(classes);
    report.write(args[0]);
    System.exit(result.wasSuccessful() ? 0 : 1);
  }
}
