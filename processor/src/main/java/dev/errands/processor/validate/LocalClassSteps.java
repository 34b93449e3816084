package dev.errands.processor.validate;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.errands.processor.Message;
import dev.errands.processor.Reporter;
import dev.errands.processor.scan.Annotations;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;

/**
 * Reports step annotations on methods of local and anonymous classes, which annotation processors
 * never see as elements: only javac's tree API shows them. Works only inside javac; elsewhere
 * {@link #create} returns null and nothing is checked.
 *
 * <p>Method bodies are not attributed yet while processors run, so an annotation is recognised by
 * how it is written: {@code @dev.errands.Parallel}, or {@code @Parallel} in a file that imports
 * {@code dev.errands.Parallel} or {@code dev.errands.*}.
 */
public final class LocalClassSteps {
  private final Trees trees;
  private final Set<CompilationUnitTree> scanned = new HashSet<>();

  private LocalClassSteps(Trees trees) {
    this.trees = trees;
  }

  /** The checker, or null when the compiler is not javac (or hides javac behind a wrapper). */
  public static LocalClassSteps create(ProcessingEnvironment env) {
    try {
      return new LocalClassSteps(Trees.instance(env));
    } catch (IllegalArgumentException | LinkageError e) {
      return null;
    }
  }

  /** Checks the file that declares {@code root}, once per file. */
  public void check(Element root, Reporter reporter) {
    TreePath path = trees.getPath(root);
    if (path == null || !scanned.add(path.getCompilationUnit())) {
      return;
    }
    CompilationUnitTree unit = path.getCompilationUnit();
    Set<String> imported = importedNames(unit);
    new TreePathScanner<Void, Void>() {
      /** How deep the scan is inside local or anonymous classes. */
      private int hidden;

      @Override
      public Void visitClass(ClassTree tree, Void unused) {
        Tree parent = getCurrentPath().getParentPath().getLeaf();
        boolean local = !(parent instanceof ClassTree || parent instanceof CompilationUnitTree);
        hidden += local ? 1 : 0;
        try {
          return super.visitClass(tree, null);
        } finally {
          hidden -= local ? 1 : 0;
        }
      }

      @Override
      public Void visitMethod(MethodTree method, Void unused) {
        if (hidden > 0) {
          for (AnnotationTree annotation : method.getModifiers().getAnnotations()) {
            String written = annotation.getAnnotationType().toString();
            String simpleName = written.substring(written.lastIndexOf('.') + 1);
            if (imported.contains(written) || Annotations.STEP_ANNOTATIONS.contains(written)) {
              String name = method.getName().toString();
              reporter.report(
                  Message.LOCAL_CLASS_STEP,
                  (kind, text) -> trees.printMessage(kind, text, annotation, unit),
                  "@" + simpleName, name, name, kindOfClass());
            }
          }
        }
        return super.visitMethod(method, null);
      }

      private String kindOfClass() {
        for (TreePath at = getCurrentPath(); at != null; at = at.getParentPath()) {
          if (at.getLeaf() instanceof ClassTree) {
            return at.getParentPath().getLeaf() instanceof NewClassTree ? "an anonymous class" : "a local class";
          }
        }
        return "a local class";
      }
    }.scan(unit, null);
  }

  /** The simple names under which the file can write a step annotation. */
  private static Set<String> importedNames(CompilationUnitTree unit) {
    Set<String> names = new HashSet<>();
    boolean inPackage = unit.getPackageName() != null && unit.getPackageName().toString().equals("dev.errands");
    for (String annotation : Annotations.STEP_ANNOTATIONS) {
      String simpleName = annotation.substring(annotation.lastIndexOf('.') + 1);
      for (ImportTree anImport : unit.getImports()) {
        String imported = anImport.getQualifiedIdentifier().toString();
        if (!anImport.isStatic() && (imported.equals(annotation) || imported.equals("dev.errands.*"))) {
          names.add(simpleName);
        }
      }
      if (inPackage) {
        names.add(simpleName);
      }
    }
    return names;
  }
}
