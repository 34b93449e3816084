/**
 * The annotations a service class declares its steps with: {@code @Parallel}, {@code
 * @Sequential}, {@code @Race}, {@code @Timeout}, {@code @Retry} and {@code @Each}.
 */
module dev.errands {
  exports dev.errands;
}
