package dev.errands.temporal;

/**
 * A value too large to cross Temporal: a run's inputs (thrown by {@link ErrandsClient#start}), a
 * step's result or arguments, or a run's result (the cause of the run's {@link
 * dev.errands.runtime.WorkflowFailedException}, as a {@link RemoteStepException} of this type).
 * Its size is measured as the data converter in use encodes it, before it is sent; the limit is
 * {@link ErrandsWorker.Options#payloadLimit()} on workers and {@code
 * ErrandsClient.withPayloadLimit} on clients. Pass a reference (a key, a URL) instead of the value.
 */
public final class PayloadTooLargeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final long size;
  private final long limit;

  PayloadTooLargeException(String what, long size, long limit, String setting) {
    super(what + ": " + describe(size) + " as a Temporal payload, over the limit of " + describe(limit) + ", set by "
        + setting + "; Temporal would refuse it: pass a reference to the data (a key, a URL) instead");
    this.size = size;
    this.limit = limit;
  }

  /** The size of the value, in bytes, as the data converter encoded it. */
  public long size() {
    return size;
  }

  /** The limit it is over, in bytes. */
  public long limit() {
    return limit;
  }

  /** {@code 2 MiB (2097152 bytes)}. */
  static String describe(long bytes) {
    if (bytes >= 1024 * 1024) {
      double mib = bytes / (1024.0 * 1024.0);
      return (mib == Math.rint(mib) ? String.valueOf((long) mib) : String.format(java.util.Locale.ROOT, "%.1f", mib))
          + " MiB (" + bytes + " bytes)";
    }
    return bytes + " bytes";
  }
}
