package dev.errands.temporal;

import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;

/** Measures what is about to cross Temporal, with the data converter that will encode it. */
final class PayloadLimit {
  private PayloadLimit() {}

  /** The size in bytes of {@code value} encoded by {@code converter}, as one argument or result. */
  static long size(DataConverter converter, Object value) {
    return converter.toPayloads(value).map(Payloads::getSerializedSize).orElse(0);
  }

  /**
   * Throws a {@link PayloadTooLargeException} when {@code value} is over {@code limit}; {@code
   * what} says what it is ("the result of step 'x' of Y"), {@code setting} where the limit is set.
   */
  static void check(DataConverter converter, Object value, long limit, String what, String setting) {
    long size = size(converter, value);
    if (size > limit) {
      throw new PayloadTooLargeException(what, size, limit, setting);
    }
  }
}
