package dev.errands.benchmarks;

import com.linkedin.parseq.Engine;
import com.linkedin.parseq.EngineBuilder;
import com.linkedin.parseq.Task;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A ParSeq engine, set up either as ParSeq's user guide recommends or on virtual threads. */
final class ParSeq implements AutoCloseable {
  private final Engine engine;
  private final ExecutorService taskScheduler; // null on virtual threads: nothing to shut down
  private final ScheduledExecutorService timerScheduler;

  private ParSeq(ExecutorService taskScheduler, ScheduledExecutorService timerScheduler, Engine engine) {
    this.taskScheduler = taskScheduler;
    this.timerScheduler = timerScheduler;
    this.engine = engine;
  }

  /** The user guide's engine: numCores + 1 platform threads for tasks, one for timers. */
  static ParSeq asUserGuideSetsItUp() {
    int numCores = Runtime.getRuntime().availableProcessors();
    ExecutorService taskScheduler = Executors.newFixedThreadPool(numCores + 1);
    ScheduledExecutorService timerScheduler = Executors.newSingleThreadScheduledExecutor();
    Engine engine =
        new EngineBuilder().setTaskExecutor(taskScheduler).setTimerScheduler(timerScheduler).build();
    return new ParSeq(taskScheduler, timerScheduler, engine);
  }

  /** The same engine, whose plans run on a new virtual thread each. */
  static ParSeq onVirtualThreads() {
    ScheduledExecutorService timerScheduler = Executors.newSingleThreadScheduledExecutor();
    Engine engine =
        new EngineBuilder().setTaskExecutor(Work.VIRTUAL).setTimerScheduler(timerScheduler).build();
    return new ParSeq(null, timerScheduler, engine);
  }

  /** Runs a plan and waits for its result, as a synchronous caller does. */
  <T> T run(Task<T> task) throws InterruptedException {
    engine.run(task);
    task.await();
    return task.get();
  }

  @Override
  public void close() throws InterruptedException {
    engine.shutdown();
    engine.awaitTermination(5, TimeUnit.SECONDS);
    if (taskScheduler != null) {
      taskScheduler.shutdown();
    }
    timerScheduler.shutdown();
  }
}
